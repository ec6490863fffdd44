# The whole-process comparison: start R, load lme4, read the CSV, fit, print the summary
# (what `./lmm fit bench/insteval.lmm` does). Usage: Rscript bench/lme4_whole.R DATADIR
args <- commandArgs(trailingOnly = TRUE)
suppressPackageStartupMessages(library(lme4))
dat <- read.csv(file.path(args[1], "insteval.csv"))
dat$service <- factor(dat$service)
print(summary(lmer(y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept), dat, REML = FALSE)))
