# Builds the corpus of R models held to the best optimum (server/src/test/resources/reference-corpus):
# data sets shipped with lme4, nlme, MASS, lmerTest and datasets, and badly scaled or shifted
# variants of them. Run from the repository root:
#   Rscript tools/make-references-corpus.R server/src/test/resources/reference-corpus
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "references-fit.R"))
args <- commandArgs(TRUE); out <- args[1]

ss <- lme4Data("sleepstudy")
ss$Days1e5 <- ss$Days * 1e5
ss$ReactionPlus1e4 <- ss$Reaction + 1e4
ss$ReactionPlus1e6 <- ss$Reaction + 1e6
ss$ReactionTimes1e6 <- ss$Reaction * 1e-6
set.seed(20261201)
# 10^4 rows, a response of magnitude 2*10^4 and sigma about 1: cancellation in y'y
big <- data.frame(g = sprintf("g%03d", sample(1:100, 10000, TRUE)), x = round(runif(10000, 0, 10), 3))
gEff <- rnorm(100, 0, 2); names(gEff) <- sprintf("g%03d", 1:100)
big$y <- round(2e4 + 0.3 * big$x + gEff[big$g] + rnorm(10000), 4)
bw <- nlmeData("BodyWeight")

cases <- list(
  list("dyestuff", lme4Data("Dyestuff"), c(), list(
    list("batch", "Yield ~ 1 + (1 | Batch)", TRUE),
    list("batch_ml", "Yield ~ 1 + (1 | Batch)", FALSE))),
  list("dyestuff2", lme4Data("Dyestuff2"), c(), list(
    list("boundary", "Yield ~ 1 + (1 | Batch)", TRUE),
    list("boundary_ml", "Yield ~ 1 + (1 | Batch)", FALSE))),
  list("cake", lme4Data("cake"), c("replicate"), list(
    list("recipe_temp", "angle ~ recipe * temp + (1 | recipe:replicate)", TRUE),
    list("crossed_ml", "angle ~ recipe + temp + (1 | replicate) + (1 | recipe:replicate)", FALSE))),
  list("pastes2", lme4Data("Pastes"), c(), list(
    list("crossed_ml", "strength ~ 1 + (1 | sample) + (1 | batch)", FALSE))),
  list("penicillin2", lme4Data("Penicillin"), c(), list(
    list("crossed_ml", "diameter ~ 1 + (1 | plate) + (1 | sample)", FALSE))),
  list("ergostool", nlmeData("ergoStool"), c(), list(
    list("type", "effort ~ Type + (1 | Subject)", TRUE))),
  list("rail", nlmeData("Rail"), c("Rail"), list(
    list("rail", "travel ~ 1 + (1 | Rail)", TRUE))),
  list("oxboys", nlmeData("Oxboys"), c("Subject"), list(
    list("slopes", "height ~ age + (age | Subject)", TRUE),
    list("quadratic_ml", "height ~ age + I(age^2) + (age + I(age^2) | Subject)", FALSE))),
  list("bodyweight", bw, c("Rat", "Diet"), list(
    list("stops_early", "weight ~ Time * Diet + (Time | Rat)", TRUE),
    list("stops_early_ml", "weight ~ Time * Diet + (Time | Rat)", FALSE))),
  list("chickweight", datasets::ChickWeight, c("Chick", "Diet"), list(
    list("growth", "weight ~ Time * Diet + (Time | Chick)", TRUE))),
  list("oxide", nlmeData("Oxide"), c("Lot", "Wafer"), list(
    list("nested", "Thickness ~ 1 + (1 | Lot/Wafer)", TRUE))),
  list("petrol", pkgData("petrol", "MASS"), c(), list(
    list("petrol", "Y ~ SG + VP + V10 + EP + (1 | No)", TRUE))),
  list("ham", pkgData("ham", "lmerTest"), c("Consumer", "Product", "Information"), list(
    list("product_information", "Informed.liking ~ Product * Information + (1 | Consumer) + (1 | Product:Consumer)", TRUE))),
  list("pixel", nlmeData("Pixel"), c("Dog", "Side"), list(
    list("pixel", "pixel ~ day + I(day^2) + (day | Dog) + (1 | Dog:Side)", TRUE))),
  list("sleepscaled", ss, c(), list(
    list("unscaled", "Reaction ~ Days + (Days | Subject)", TRUE),
    list("covariate_1e5", "Reaction ~ Days1e5 + (Days1e5 | Subject)", TRUE),
    list("shift_1e4", "ReactionPlus1e4 ~ Days + (Days | Subject)", TRUE),
    list("shift_1e6", "ReactionPlus1e6 ~ Days + (Days | Subject)", TRUE),
    list("scale_1e_6", "ReactionTimes1e6 ~ Days + (Days | Subject)", TRUE),
    list("two_terms_ml", "Reaction ~ Days + (1 | Subject) + (0 + Days | Subject)", FALSE))),
  list("bigresponse", big, c(), list(
    list("large_mean", "y ~ x + (1 | g)", TRUE))),
  list("milk", nlmeData("Milk"), c("Cow"), list(
    list("diet_slopes", "protein ~ Time * Diet + (Time | Cow)", TRUE))),
  list("wafer", nlmeData("Wafer"), c("Wafer", "Site"), list(
    list("quadratic", "current ~ voltage + I(voltage^2) + (voltage | Wafer)", TRUE))),
  list("spruce", nlmeData("Spruce"), c(), list(
    list("growth_ml", "logSize ~ days + plot + (days | Tree)", FALSE))),
  list("mathachieve", nlmeData("MathAchieve"), c("School"), list(
    list("ses_slopes", "MathAch ~ SES * Minority + MEANSES + (SES | School)", TRUE))),
  list("alfalfa", nlmeData("Alfalfa"), c("Block"), list(
    list("split_plot", "Yield ~ Date + Variety + (1 | Block/Variety)", TRUE))),
  list("assay", nlmeData("Assay"), c("Block", "dilut"), list(
    list("crossed_blocks", "logDens ~ sample * dilut + (1 | Block) + (1 | Block:sample) + (1 | Block:dilut)", TRUE))),
  list("dialyzer", nlmeData("Dialyzer"), c("Subject"), list(
    list("pressure", "rate ~ pressure + I(pressure^2) + QB + (pressure | Subject)", TRUE))),
  list("orange", datasets::Orange, c("Tree"), list(
    list("age_slopes", "circumference ~ age + (age | Tree)", TRUE),
    list("age_uncorrelated_ml", "circumference ~ age + (age || Tree)", FALSE))),
  list("loblolly", datasets::Loblolly, c("Seed"), list(
    list("curved_ml", "height ~ age + I(age^2) + (age | Seed)", FALSE)))
)
writeCases(cases, out)

# lme4 cannot fit covariate_1e5 itself: from its default start it stops at 1805.1, and even from the
# unscaled optimum mapped onto this scale its criterion is 0.03 off (1766.682 where the exact value is
# 1766.654). The reference is therefore R's unscaled fit, transformed exactly: the Days1e5
# coefficient, its SE, the slope's SD and conditional modes divided by 1e5, θ's slope row divided by
# 1e5, the REML criterion raised by log|diag(1, 1e5)|^2 = 2 log(1e5) (R_X is scaled by it).
# lme4DefaultObjective stays what lme4's default fit reached.
path <- file.path(out, "sleepscaled.expected.json")
j <- fromJSON(path, simplifyVector = FALSE)
names(j$models) <- vapply(j$models, function(m) m$name, "")
u <- j$models$unscaled; s <- j$models$covariate_1e5
k <- 1e5; shift <- 2 * log(k)
t <- u; t$name <- s$name; t$formula <- s$formula
t$fixef$names <- s$fixef$names
t$fixef$estimate[[2]] <- u$fixef$estimate[[2]] / k; t$fixef$stdError[[2]] <- u$fixef$stdError[[2]] / k
t$varcorr[[2]]$term <- "Days1e5"; t$varcorr[[2]]$stdDev <- u$varcorr[[2]]$stdDev / k; t$varcorr[[2]]$variance <- u$varcorr[[2]]$variance / k^2
t$corr[[1]]$terms <- list("(Intercept)", "Days1e5")
t$ranef[[1]]$terms <- list("(Intercept)", "Days1e5")
t$ranef[[1]]$values <- lapply(u$ranef[[1]]$values, function(v) list(v[[1]], v[[2]] / k))
t$theta <- list(u$theta[[1]], u$theta[[2]] / k, u$theta[[3]] / k)
t$remlCriterion <- u$remlCriterion + shift; t$logLik <- u$logLik - shift / 2
t$aic <- u$aic + shift; t$bic <- u$bic + shift
t$bestObjective <- u$bestObjective + shift; t$lme4DefaultObjective <- s$lme4DefaultObjective
t$spread$fixef[[2]] <- u$spread$fixef[[2]] / k; t$spread$stdError[[2]] <- u$spread$stdError[[2]] / k
t$spread$stdDev[[2]] <- u$spread$stdDev[[2]] / k
t$spread$ranef$Subject[[2]] <- u$spread$ranef$Subject[[2]] / k
j$models$covariate_1e5 <- t
j$models <- unname(j$models)
writeLines(toJSON(j, auto_unbox = TRUE, digits = NA, null = "null", pretty = TRUE), path)
cat("transformed covariate_1e5\n")
