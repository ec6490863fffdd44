# The whole-process comparison: start R, load lme4, read the CSV, fit, print the summary
# (what `./lmm fit bench/insteval.lmm` does). Usage: Rscript bench/lme4_whole.R DATADIR [insteval|insteval-lmertest|movielens]
# insteval-lmertest fits with lmerTest's lmer, whose summary adds Satterthwaite's df and p-values: the
# same table `./lmm fit` prints (lme4's summary has no df and no p).
# For movielens it also prints, on stderr, one line: lme4 movielens fit_s=.. evals=.. loglik=..
args <- commandArgs(trailingOnly = TRUE)
model <- if (length(args) >= 2) args[2] else "insteval"
suppressPackageStartupMessages(library(lme4))
if (model == "insteval") {
  dat <- read.csv(file.path(args[1], "insteval.csv"))
  dat$service <- factor(dat$service)
  print(summary(lmer(y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept), dat, REML = FALSE)))
} else if (model == "insteval-lmertest") {
  suppressPackageStartupMessages(library(lmerTest))
  dat <- read.csv(file.path(args[1], "insteval.csv"))
  dat$service <- factor(dat$service)
  print(summary(lmerTest::lmer(y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept), dat, REML = FALSE)))
} else if (model == "movielens") {
  dat <- read.csv(file.path(args[1], "movielens.csv"))
  t <- system.time(f <- lmer(rating ~ 1 + x + (1 | user) + (1 | movie), dat, REML = FALSE))[["elapsed"]]
  print(summary(f))
  message(sprintf("lme4 movielens fit_s=%.2f evals=%d loglik=%.10f theta=%s", t, f@optinfo$feval,
                  as.numeric(logLik(f)), paste(format(getME(f, "theta"), digits = 10), collapse = ",")))
} else stop("unknown model ", model)
