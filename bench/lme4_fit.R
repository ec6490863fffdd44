# Fits the benchmark models with lme4 and prints one line per model:
#   lme4 <model> rows=.. cold_s=.. warm_s=.. evals=.. loglik=.. blas=..
# cold = the first lmer call in this process, warm = the best of the next `reps` calls (lmer's own
# system.time, elapsed). Usage: Rscript bench/lme4_fit.R DATADIR MODEL[,MODEL...] [reps]
args <- commandArgs(trailingOnly = TRUE)
datadir <- args[1]
models <- strsplit(args[2], ",")[[1]]
reps <- if (length(args) >= 3) as.integer(args[3]) else 3L
suppressPackageStartupMessages(library(lme4))
blas <- basename(extSoftVersion()[["BLAS"]])
for (m in models) {
  if (m == "insteval") {
    dat <- read.csv(file.path(datadir, "insteval.csv"))
    dat$service <- factor(dat$service); dat$s <- factor(dat$s); dat$d <- factor(dat$d); dat$dept <- factor(dat$dept)
    fit1 <- function() lmer(y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept), dat, REML = FALSE)
  } else if (m == "crossed") {
    dat <- read.csv(file.path(datadir, "crossed.csv"))
    dat$a <- factor(dat$a); dat$b <- factor(dat$b)
    fit1 <- function() lmer(y ~ 1 + x + (1 | a) + (1 | b), dat, REML = FALSE)
  } else if (m == "movielens") {
    dat <- read.csv(file.path(datadir, "movielens.csv"))
    dat$user <- factor(dat$user); dat$movie <- factor(dat$movie)
    fit1 <- function() lmer(rating ~ 1 + x + (1 | user) + (1 | movie), dat, REML = FALSE)
  } else if (m == "sleepstudy") {
    dat <- read.csv(file.path(datadir, "sleepstudy.csv"))
    dat$Subject <- factor(dat$Subject)
    fit1 <- function() lmer(Reaction ~ Days + (Days | Subject), dat)
  } else stop("unknown model ", m)
  cold <- system.time(f <- fit1())[["elapsed"]]
  warm <- if (reps == 0) cold else Inf
  for (i in seq_len(reps)) warm <- min(warm, system.time(f <- fit1())[["elapsed"]])
  cat(sprintf("lme4 %s rows=%d cold_s=%.4f warm_s=%.4f evals=%d loglik=%.10f blas=%s\n", m, nrow(dat), cold, warm,
              f@optinfo$feval, as.numeric(logLik(f)), blas))
}
