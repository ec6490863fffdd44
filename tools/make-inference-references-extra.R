# The project's own inference cases (server/src/test/resources/reference-inference-extra): R data sets
# written as CSV, then every NAME.lmm there passed through the shared builder
# (../shared/tools/make-inference-references.R: lmerTest 3.1-3, pbkrtest 0.5.2, lme4 1.1-31, lm), so
# they have exactly the shared cases' form and meaning. The .lmm files are written by hand.
# Usage (from the repository root): Rscript tools/make-inference-references-extra.R [SHARED_TOOLS_DIR]
suppressMessages({library(lme4); library(nlme)})
args <- commandArgs(TRUE)
tools <- if (length(args) > 0) args[1] else "../shared/tools"
dir <- "server/src/test/resources/reference-inference-extra"
w <- function(d, name) write.csv(d, file.path(dir, name), row.names = FALSE, quote = TRUE)

# cake: a split-plot factorial (recipe x temperature, 6 temperatures as a factor)
ck <- lme4::cake; ck$temperature <- as.character(ck$temperature); ck$temp <- ck$temp
ck$recipe <- as.character(ck$recipe); ck$replicate <- as.integer(as.character(ck$replicate))
w(ck[, c("replicate", "recipe", "temperature", "angle", "temp")], "cake.csv")
# Orthodont: growth curves, a covariate by factor interaction with correlated slopes
o <- as.data.frame(nlme::Orthodont); o$Subject <- as.character(o$Subject); o$Sex <- as.character(o$Sex)
w(o[, c("distance", "age", "Subject", "Sex")], "orthodont.csv")
# Machines: one three-level factor (type I contrasts in lmerTest), worker by machine interaction;
# machines3.lmm fits the same data with a 3 x 3 covariance, (Machine | Worker)
mc <- as.data.frame(nlme::Machines); mc$Worker <- as.character(mc$Worker); mc$Machine <- as.character(mc$Machine)
w(mc[, c("Worker", "Machine", "score")], "machines.csv")
# Oats: split plot, nitrogen (numeric) by variety, Block/Variety
oa <- as.data.frame(nlme::Oats); oa$Block <- as.character(oa$Block); oa$Variety <- as.character(oa$Variety)
w(oa[, c("Block", "Variety", "nitro", "yield")], "oats.csv")
# Penicillin with a made-up covariate (seeded), crossed intercepts
set.seed(11); pe <- lme4::Penicillin; pe$dose <- round(rnorm(nrow(pe), 1, 0.3), 3)
pe$diameter <- pe$diameter + round(0.8 * pe$dose, 3)
pe$plate <- as.character(pe$plate); pe$sample <- as.character(pe$sample)
w(pe[, c("diameter", "plate", "sample", "dose")], "penicillin2.csv")
# sleepstudy with a day-group factor, for ML fits and a quadratic term
sl <- lme4::sleepstudy; sl$Subject <- as.character(sl$Subject)
sl$phase <- ifelse(sl$Days < 3, "early", ifelse(sl$Days < 7, "middle", "late"))
w(sl[, c("Reaction", "Days", "Subject", "phase")], "sleepml.csv")
# ratings: MovieLens-shaped crossed intercepts (users x movies, ML) big enough that lmm's Satterthwaite
# takes its large-model scheme (the dense movie block of order ~400 makes numDeriv's points too
# costly), small enough to commit: 800 users with heavy-tailed rating counts, 400 movies of Zipf-like
# popularity, each (user, movie) pair at most once, rating = round(3.58 + b_user + b_movie + 0.1 x + e)
# clipped to 1..5 as bench/gen_movielens.R makes them; over 20 000 rows, so that lmm leaves out the
# profile intervals (rows x parameters above 100 000) and they are taken out of the reference below.
set.seed(20261201)
nu <- 800L; nm <- 400L
cnt <- pmin(nm %/% 2L, 12L + as.integer(floor(rlnorm(nu, 0, 1) * 14)))
pop <- (sample(nm))^-0.9
rt <- do.call(rbind, lapply(seq_len(nu), function(u) {
  mv <- sort(order(-log(runif(nm)) / pop)[seq_len(cnt[u])])   # Efraimidis-Spirakis sampling without replacement
  data.frame(user = u, movie = mv)
}))
rt <- rt[sample(nrow(rt)), ]
rt$x <- round(rnorm(nrow(rt)), 3)
eta <- 3.58 + rnorm(nu, 0, 0.45)[rt$user] + rnorm(nm, 0, 0.55)[rt$movie] + 0.1 * rt$x + rnorm(nrow(rt), 0, 0.95)
rt$rating <- pmin(5L, pmax(1L, as.integer(round(eta))))
rt$user <- paste0("u", rt$user); rt$movie <- paste0("m", rt$movie)
write.csv(rt[, c("rating", "x", "user", "movie")], file.path(dir, "ratings.csv"), row.names = FALSE, quote = FALSE)

source_args <- c(dir)
commandArgs <- function(trailingOnly = TRUE) source_args
source(file.path(tools, "make-inference-references.R"))

# machines3: lmm's profile intervals of a 3 x 3 covariance are a known gap (its six-dimensional
# nuisance minimisations exhaust ProfileIntervals' evaluation budget, so lmm reports NaN with a
# note), so R's profile intervals are taken out of that reference: the case checks Satterthwaite,
# Kenward-Roger, the F tables and the Wald intervals. Everything else is R's output unchanged.
# ratings: lmm computes no profile intervals at that size (see above), so R's are taken out too.
library(jsonlite)
for (f in file.path(dir, c("machines3.inference.json", "ratings.inference.json"))) {
  j <- fromJSON(f, simplifyVector = FALSE)
  for (i in seq_along(j$models)) j$models[[i]]$confint$profile <- NULL
  writeLines(toJSON(j, auto_unbox = TRUE, digits = NA, null = "null", pretty = TRUE), f)
}
