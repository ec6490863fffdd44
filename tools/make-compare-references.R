# Builds the project's model-comparison reference cases in server/src/test/resources/reference-compare:
# for each case a CSV, an .lmm file with `compare` lines and NAME.inference.json holding what R 4.2
# (lme4 1.1-31, lm) reports for each comparison, in the format of ../shared/reference-inference
# (top-level `comparisons`; `models` is empty), so ../shared/tools/check-inference.py reads them. Mixed models are fitted at the best optimum of three optimisers, as
# ../shared/tools/make-inference-references.R does; anova() then refits REML fits by ML itself.
# Run: Rscript tools/make-compare-references.R server/src/test/resources/reference-compare
suppressMessages({library(lme4); library(jsonlite)})
invisible(Sys.setlocale("LC_COLLATE", "C"))
out <- commandArgs(TRUE)[1]
dir.create(out, recursive = TRUE, showWarnings = FALSE)
num <- function(x) unname(as.numeric(x))
lme4Data <- function(name) { e <- new.env(); data(list = name, package = "lme4", envir = e); as.data.frame(e[[name]]) }

bestLmer <- function(f, d, reml) {
  ctl <- list(lmerControl(),
              lmerControl(optimizer = "nloptwrap", optCtrl = list(ftol_abs = 1e-14, xtol_abs = 1e-12, ftol_rel = 1e-15, xtol_rel = 1e-12, maxeval = 1e5)),
              lmerControl(optimizer = "bobyqa", optCtrl = list(rhoend = 1e-12, maxfun = 1e5)))
  ms <- lapply(ctl, function(cc) suppressWarnings(suppressMessages(lmer(f, d, REML = reml, control = cc))))
  ms[[which.min(vapply(ms, function(x) -2 * c(logLik(x)), 0))]]
}

# name, data, factors, models (name, formula, method), comparisons (names as written)
cases <- list(
  list(name = "sleep3", data = lme4Data("sleepstudy"), factors = "Subject",
       lmm = c("method REML", "model m_int = Reaction ~ 1 + (1 | Subject)", "model m_days = Reaction ~ Days + (1 | Subject)",
               "method ML", "model m_slopes = Reaction ~ Days + (Days | Subject)", "model ols_days = Reaction ~ Days",
               "# three models written out of order: anova orders them by number of parameters",
               "compare m_slopes, m_int, m_days",
               "# a least-squares fit against a mixed one: likelihood-ratio test with lm's ML logLik",
               "compare ols_days, m_days")),
  list(name = "pastesnested", data = lme4Data("Pastes"), factors = character(),
       lmm = c("method ML", "model batches = strength ~ 1 + (1 | batch)", "model nested = strength ~ 1 + (1 | batch/cask)",
               "method REML", "model nestedreml = strength ~ 1 + (1 | batch/cask)",
               "compare batches, nested", "compare batches, nestedreml")),
  list(name = "olsf", data = lme4Data("sleepstudy"), factors = "Subject",
       lmm = c("model null = Reaction ~ 1", "model days = Reaction ~ Days", "model subjects = Reaction ~ Days + Subject",
               "# R's anova(lm, ...) keeps the order written: the second row has Df -1",
               "compare days, null, subjects", "compare null, subjects")))

for (cs in cases) {
  d <- cs$data
  write.csv(d, file.path(out, paste0(cs$name, ".csv")), row.names = FALSE)
  writeLines(c(paste0("# ", cs$name, ": model comparison reference case (tools/make-compare-references.R)"),
               paste0('data "', cs$name, '.csv"'), if (length(cs$factors)) paste("factor", paste(cs$factors, collapse = ", ")),
               cs$lmm), file.path(out, paste0(cs$name, ".lmm")))
  for (col in cs$factors) d[[col]] <- factor(d[[col]])
  fits <- list(); meth <- "REML"; comps <- list()
  for (l in cs$lmm) {
    if (grepl("^method ", l)) meth <- sub("^method ", "", l)
    if (grepl("^model ", l)) {
      nm <- trimws(sub("=.*$", "", sub("^model ", "", l))); f <- as.formula(trimws(sub("^[^=]*=", "", l)))
      fits[[nm]] <- if (is.null(findbars(f))) lm(f, d) else bestLmer(f, d, meth == "REML")
    }
    if (grepl("^compare ", l)) comps[[length(comps) + 1]] <- trimws(strsplit(sub("^compare ", "", l), ",")[[1]])
  }
  printed <- character()  # R's print of each table, for the text output
  res <- lapply(comps, function(nm) {
    ms <- unname(fits[nm])
    if (all(vapply(ms, inherits, TRUE, "lm"))) {
      a <- do.call(anova, ms); printed <<- c(printed, paste("compare", paste(nm, collapse = ", ")), capture.output(print(a)), "")
      a <- as.data.frame(a)
      return(list(models = I(nm), test = "F", refitML = FALSE, table = lapply(seq_len(nrow(a)), function(j) list(model = nm[j],
        resDf = num(a$Res.Df[j]), rss = num(a$RSS[j]), df = if (is.na(a$Df[j])) NULL else num(a$Df[j]),
        sumOfSq = if (is.na(a[["Sum of Sq"]][j])) NULL else num(a[["Sum of Sq"]][j]),
        F = if (is.na(a$F[j])) NULL else num(a$F[j]), p = if (is.na(a[["Pr(>F)"]][j])) NULL else num(a[["Pr(>F)"]][j])))))
    }
    # lme4's anova needs a merMod first; it orders the rows by npar itself
    first <- which(vapply(ms, inherits, TRUE, "merMod"))[1]; o <- c(first, setdiff(seq_along(ms), first))
    a <- suppressMessages(do.call(anova, c(ms[o], list(model.names = nm[o]))))
    printed <<- c(printed, paste("compare", paste(nm, collapse = ", ")), capture.output(print(a)), "")
    a <- as.data.frame(a)
    list(models = I(nm), test = "LRT", refitML = any(vapply(ms, function(x) inherits(x, "merMod") && isREML(x), TRUE)),
         table = lapply(seq_len(nrow(a)), function(j) list(model = rownames(a)[j], npar = num(a$npar[j]),
           aic = num(a$AIC[j]), bic = num(a$BIC[j]), logLik = num(a$logLik[j]), deviance = num(a$deviance[j]),
           chisq = if (is.na(a$Chisq[j])) NULL else num(a$Chisq[j]), df = if (is.na(a$Df[j])) NULL else num(a$Df[j]),
           p = if (is.na(a[["Pr(>Chisq)"]][j])) NULL else num(a[["Pr(>Chisq)"]][j]))))
  })
  writeLines(toJSON(list(file = paste0(cs$name, ".lmm"), models = I(list()), comparisons = res), auto_unbox = TRUE, digits = NA, null = "null", pretty = TRUE),
             file.path(out, paste0(cs$name, ".inference.json")))
  writeLines(printed, file.path(out, paste0(cs$name, ".printed.txt")))
  cat("wrote", cs$name, "\n")
}
