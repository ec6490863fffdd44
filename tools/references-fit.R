# Shared by tools/make-references-extra.R and tools/make-references-corpus.R: fits one model as
# ../shared/tools/make-references.R does (lme4's default fit, then two fits with tight tolerances;
# the reference is the best optimum found, with lme4DefaultObjective, bestObjective and spread) and
# writes a case (CSV, .lmm, .expected.json). Needs R with lme4 and jsonlite.
suppressMessages({library(lme4); library(jsonlite)})
invisible(Sys.setlocale("LC_COLLATE", "C"))

nlmeData <- function(name) { e <- new.env(); data(list = name, package = "nlme", envir = e); as.data.frame(e[[name]]) }
lme4Data <- function(name) { e <- new.env(); data(list = name, package = "lme4", envir = e); as.data.frame(e[[name]]) }
pkgData <- function(name, pkg) { e <- new.env(); data(list = name, package = pkg, envir = e); as.data.frame(e[[name]]) }

num <- function(x) unname(as.numeric(x))
fitCase <- function(d, formula, reml, start = NULL) {
  f <- as.formula(formula)
  if (is.na(reml)) {
    m <- lm(f, d); s <- summary(m); co <- s$coefficients
    ll <- logLik(m)
    return(list(method = "OLS", nobs = nobs(m),
      fixef = list(names = I(rownames(co)), estimate = I(num(co[, 1])), stdError = I(num(co[, 2])), tValue = I(num(co[, 3]))),
      varcorr = list(list(group = "Residual", term = NULL, variance = s$sigma^2, stdDev = s$sigma)), corr = list(),
      sigma = s$sigma, logLik = num(ll), aic = AIC(m), bic = BIC(m), ranef = list(),
      fitted = I(num(fitted(m))), residuals = I(num(residuals(m)))))
  }
  ctl <- list(lmerControl(),
              lmerControl(optimizer = "nloptwrap", optCtrl = list(ftol_abs = 1e-14, xtol_abs = 1e-12, ftol_rel = 1e-15, xtol_rel = 1e-12, maxeval = 1e5)),
              lmerControl(optimizer = "bobyqa", optCtrl = list(rhoend = 1e-12, maxfun = 1e5)))
  ms <- lapply(ctl, function(cc) suppressWarnings(suppressMessages(lmer(f, d, REML = reml, control = cc))))
  # and a restart of the tight bobyqa from the best of those (lme4's default stops early on some models)
  obj <- vapply(ms, function(x) num(-2 * logLik(x)), 0)
  best <- ms[[which.min(obj)]]
  ms[[4]] <- suppressWarnings(suppressMessages(lmer(f, d, REML = reml, start = list(theta = getME(best, "theta")), control = ctl[[3]])))
  # and, where the case gives one, a tight fit from a known good start (an equivalent well-scaled model's θ)
  if (!is.null(start)) ms[[5]] <- suppressWarnings(suppressMessages(lmer(f, d, REML = reml, start = list(theta = start), control = ctl[[3]])))
  obj <- vapply(ms, function(x) num(-2 * logLik(x)), 0)
  m <- ms[[which.min(obj)]]
  good <- ms[obj <= min(obj) + 1e-7]
  spreadOf <- function(get) { v <- sapply(good, function(x) num(get(x))); if (is.null(dim(v))) v <- matrix(v, nrow = 1); I(apply(v, 1, function(r) max(r) - min(r))) }
  spread <- list(fixef = spreadOf(fixef), stdError = spreadOf(function(x) sqrt(diag(as.matrix(vcov(x))))),
                 sigma = max(spreadOf(sigma)),
                 stdDev = spreadOf(function(x) { v <- as.data.frame(VarCorr(x)); v$sdcor[is.na(v$var2)] }),
                 corr = spreadOf(function(x) { v <- as.data.frame(VarCorr(x)); c(0, v$sdcor[!is.na(v$var2)]) })[-1],
                 ranef = lapply(setNames(nm = names(ranef(m))), function(g) spreadOf(function(x) apply(abs(as.matrix(ranef(x)[[g]]) - as.matrix(ranef(m)[[g]])), 2, max))),
                 fitted = max(spreadOf(fitted)))
  spread$corr <- I(as.numeric(spread$corr))
  co <- summary(m)$coefficients
  vc <- as.data.frame(VarCorr(m))
  vcRows <- list(); corRows <- list()
  for (i in seq_len(nrow(vc))) {
    grp <- sub("\\.[0-9]+$", "", vc$grp[i])
    if (is.na(vc$var2[i])) vcRows[[length(vcRows) + 1]] <- list(group = grp, term = if (is.na(vc$var1[i])) NULL else vc$var1[i], variance = vc$vcov[i], stdDev = vc$sdcor[i])
    else corRows[[length(corRows) + 1]] <- list(group = grp, terms = I(c(vc$var1[i], vc$var2[i])), value = vc$sdcor[i])
  }
  re <- ranef(m)
  reRows <- lapply(names(re), function(g) list(group = g, terms = I(colnames(re[[g]])), levels = I(rownames(re[[g]])),
                                               values = unname(lapply(seq_len(nrow(re[[g]])), function(i) I(num(re[[g]][i, ]))))))
  ll <- logLik(m)
  res <- list(method = if (reml) "REML" else "ML", nobs = nobs(m),
    fixef = list(names = I(rownames(co)), estimate = I(num(co[, 1])), stdError = I(num(co[, 2])), tValue = I(num(co[, 3]))),
    varcorr = vcRows, corr = corRows, sigma = sigma(m), logLik = num(ll), aic = AIC(m), bic = BIC(m), ranef = reRows,
    fitted = I(num(fitted(m))), residuals = I(num(residuals(m))), theta = I(num(getME(m, "theta"))), singular = isSingular(m),
    lme4DefaultObjective = obj[1], bestObjective = min(obj), spread = spread)
  if (reml) res$remlCriterion <- num(-2 * ll) else res$deviance <- num(deviance(m))
  res
}

# case: list(name, data, factors (numeric columns to read as categorical), list of models (name, formula, REML[, start θ]))
writeCases <- function(cases, out) {
  dir.create(out, recursive = TRUE, showWarnings = FALSE)
  for (case in cases) {
    name <- case[[1]]; d <- case[[2]]; facs <- case[[3]]; models <- case[[4]]
    for (col in names(d)) if (is.factor(d[[col]])) d[[col]] <- as.character(d[[col]])
    csv <- file.path(out, paste0(name, ".csv"))
    write.csv(d, csv, row.names = FALSE, na = "NA")
    rd <- read.csv(csv, stringsAsFactors = TRUE)
    for (col in facs) rd[[col]] <- factor(rd[[col]])
    lines <- c(paste0("# ", name, ": reference case"), paste0('data "', name, '.csv"'))
    if (length(facs)) lines <- c(lines, paste0("factor ", paste(facs, collapse = ", ")))
    fits <- list()
    for (mm in models) {
      meth <- if (is.na(mm[[3]])) NULL else if (mm[[3]]) "REML" else "ML"
      if (!is.null(meth)) lines <- c(lines, paste0("method ", meth))
      lines <- c(lines, paste0("model ", mm[[1]], " = ", mm[[2]]))
      r <- fitCase(rd, mm[[2]], mm[[3]], if (length(mm) > 3) mm[[4]] else NULL)
      fits[[length(fits) + 1]] <- c(list(name = mm[[1]], formula = mm[[2]]), r)
    }
    writeLines(lines, file.path(out, paste0(name, ".lmm")))
    writeLines(toJSON(list(file = paste0(name, ".lmm"), models = fits), auto_unbox = TRUE, digits = NA, null = "null", pretty = TRUE),
               file.path(out, paste0(name, ".expected.json")))
    cat("wrote", name, "\n")
  }
}
