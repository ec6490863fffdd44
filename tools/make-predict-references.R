# Builds the prediction reference cases in server/src/test/resources/reference-predict: for each case
# NAME.csv (training data), NAME.lmm, NAME.new.csv (new rows: new levels of grouping factors, missing
# values) and NAME.predict.csv with what R 4.2 / lme4 1.1-31 predicts for the new rows:
#   population   = predict(m, newdata, re.form = NA)            (lm: predict(m, newdata))
#   populationSE = sqrt(diag(X V X')), X the new rows' fixed-effects design, V = vcov(m)   (lm: se.fit)
#   conditional  = predict(m, newdata, allow.new.levels = TRUE)  (lm: the same as population)
# (lme4 1.1-31 fails on a missing value of a fixed-effect factor in newdata, "non-conformable arguments",
# so such a row is tested in the JUnit suite only: lmm predicts NA, as R does for a missing covariate.)
# Mixed models are fitted at the best optimum of three optimisers, as the other reference scripts do.
# Run: Rscript tools/make-predict-references.R server/src/test/resources/reference-predict
suppressMessages({library(lme4)})
invisible(Sys.setlocale("LC_COLLATE", "C"))
out <- commandArgs(TRUE)[1]
dir.create(out, recursive = TRUE, showWarnings = FALSE)
lme4Data <- function(name) { e <- new.env(); data(list = name, package = "lme4", envir = e); as.data.frame(e[[name]]) }
bestLmer <- function(f, d, reml) {
  ctl <- list(lmerControl(),
              lmerControl(optimizer = "nloptwrap", optCtrl = list(ftol_abs = 1e-14, xtol_abs = 1e-12, ftol_rel = 1e-15, xtol_rel = 1e-12, maxeval = 1e5)),
              lmerControl(optimizer = "bobyqa", optCtrl = list(rhoend = 1e-12, maxfun = 1e5)))
  ms <- lapply(ctl, function(cc) suppressWarnings(suppressMessages(lmer(f, d, REML = reml, control = cc))))
  ms[[which.min(vapply(ms, function(x) -2 * c(logLik(x)), 0))]]
}

ss <- lme4Data("sleepstudy"); pastes <- lme4Data("Pastes"); pen <- lme4Data("Penicillin")
cases <- list(
  list(name = "sleeppred", data = ss, factors = "Subject", method = "REML", model = "slopes",
       formula = "Reaction ~ Days + I(Days^2) + (Days | Subject)",
       new = data.frame(Subject = c("308", "372", "999", NA, "308", "350", "1000"), Days = c(0, 4.5, 10, 3, NA, 12, 2))),
  list(name = "pastespred", data = pastes, factors = character(), method = "ML", model = "nested",
       formula = "strength ~ cask + (1 | batch/cask)",
       new = data.frame(batch = c("A", "B", "Q", "Q", NA), cask = c("a", "c", "b", "a", "b"))),
  list(name = "penpred", data = pen, factors = character(), method = "REML", model = "crossed",
       formula = "diameter ~ 1 + (1 | plate) + (1 | sample)",
       new = data.frame(plate = c("a", "zz", "x", "zz"), sample = c("A", "B", "new", "new2"))),
  list(name = "olspred", data = ss, factors = "Subject", method = "REML", model = "ols",
       formula = "Reaction ~ log(Days + 1) + Subject",
       new = data.frame(Subject = c("308", "372", "333"), Days = c(0, 2.5, NA))))

for (cs in cases) {
  d <- cs$data
  write.csv(d, file.path(out, paste0(cs$name, ".csv")), row.names = FALSE)
  write.csv(cs$new, file.path(out, paste0(cs$name, ".new.csv")), row.names = FALSE, na = "NA")
  writeLines(c(paste0("# ", cs$name, ": prediction reference case (tools/make-predict-references.R)"),
               paste0('data "', cs$name, '.csv"'), if (length(cs$factors)) paste("factor", paste(cs$factors, collapse = ", ")),
               paste("method", cs$method), paste0("model ", cs$model, " = ", cs$formula)), file.path(out, paste0(cs$name, ".lmm")))
  for (col in cs$factors) d[[col]] <- factor(d[[col]])
  nd <- read.csv(file.path(out, paste0(cs$name, ".new.csv")), stringsAsFactors = TRUE)
  for (col in cs$factors) nd[[col]] <- factor(nd[[col]])
  f <- as.formula(cs$formula)
  if (is.null(findbars(f))) {
    m <- lm(f, d)
    pr <- predict(m, nd, se.fit = TRUE)
    res <- data.frame(row = seq_len(nrow(nd)), population = unname(pr$fit), populationSE = unname(pr$se.fit), conditional = unname(pr$fit))
  } else {
    m <- bestLmer(f, d, cs$method == "REML")
    tt <- delete.response(terms(m, fixed.only = TRUE))
    mf <- model.frame(tt, nd, na.action = na.pass, xlev = .getXlevels(terms(m, fixed.only = TRUE), model.frame(m, fixed.only = TRUE)))
    X <- model.matrix(tt, mf, contrasts.arg = attr(getME(m, "X"), "contrasts"))
    res <- data.frame(row = seq_len(nrow(nd)), population = unname(predict(m, nd, re.form = NA)),
                      populationSE = sqrt(rowSums((X %*% as.matrix(vcov(m))) * X)),
                      conditional = unname(predict(m, nd, allow.new.levels = TRUE)))
  }
  write.csv(res, file.path(out, paste0(cs$name, ".predict.csv")), row.names = FALSE, quote = FALSE)  # 15 significant digits
  cat("wrote", cs$name, "\n"); print(res)
}
