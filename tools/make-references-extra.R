# Builds the project's extra reference cases (beyond ../shared/reference), in the same format as
# ../shared/tools/make-references.R, whose machinery this reuses. Run: Rscript tools/make-references-extra.R OUTDIR extra
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "references-fit.R"))
args <- commandArgs(TRUE); out <- args[1]; which <- args[2]

dung <- data.frame(
  pr_dung = c(0.1433747,0.1551917,0.1413354,0.1380987,0.1488016,0.1443227,0.1428871,0.1705165,0.1593878,
              0.1651354,0.1747078,0.1904174,0.1806727,0.1700109,0.1654107,0.1803931,0.1727390,0.1701061),
  flies = c(223,0,100,97,130,169,183,77,0,51,49,81,45,98,168,22,4,98),
  oven_block = c(1,1,1,1,1,1,1,2,2,2,2,2,3,3,3,3,3,3))
ols6 <- data.frame(Y = c(11.05,11.40,10.43,10.29,9.52,9.20), X = c(4.90,4.76,5.85,5.07,4.76,3.96))

# name, data, factors (numeric columns to read as categorical), list of models (name, formula, REML)
set.seed(20261125)
naDung <- dung; naDung$note <- c("a", NA, "b", rep("c", 15))
naDung$flies[c(4, 11)] <- NA; naDung$pr_dung[16] <- NA
mt <- mtcars[, c("mpg", "cyl", "disp", "hp", "wt", "am")]; mt$wt2 <- 2 * mt$wt
ss <- lme4Data("sleepstudy"); ss$Days2 <- 2 * ss$Days
flat <- data.frame(g = rep(c("g1", "g2", "g3", "g4", "g5", "g6"), each = 5), x = round(runif(30), 3))
flat$y <- round(1 + 0.5 * flat$x + rnorm(30, sd = 1), 3)
mixedcase <- data.frame(site = rep(c("b", "B", "a", "A", "_z"), each = 8),
                        trt = rep(c("ctl", "Ctl", "high", "Low"), times = 10),
                        plot = rep(1:10, each = 4), x = round(runif(40, 0, 10), 2))
mixedcase$y <- round(5 + 0.3 * mixedcase$x + rep(rnorm(5), each = 8) + rnorm(40, sd = 0.5), 3)
mixedcase$plot[c(3, 17)] <- NA
# a randomly generated design (after the data above, so their random draws stay as they were)
mk <- function(n, ng, nh) {
  d <- data.frame(g = sample(sprintf("G%02d", 1:ng), n, TRUE), h = sample(c("h1","H2","h3","_h4")[1:nh], n, TRUE),
                  a = sample(c("lo","mid","Hi"), n, TRUE), b = sample(c("x","y"), n, TRUE),
                  x = round(runif(n, 0, 10), 2), z = round(rnorm(n, 5, 2), 3), k = sample(1:4, n, TRUE))
  ge <- rnorm(ng, 0, 1.5); names(ge) <- sprintf("G%02d", 1:ng); gs <- rnorm(ng, 0, 0.3); names(gs) <- names(ge)
  d$y <- round(3 + 0.5 * d$x - 0.2 * d$z + (d$a == "Hi") * 1 + ge[d$g] + gs[d$g] * d$x + rnorm(n, 0, 1), 3)
  d$y2 <- round(exp(d$y / 10), 4)
  d$x[sample(n, 3)] <- NA; d$a[sample(n, 2)] <- NA
  d
}
generated <- mk(200, 20, 4)
cases <- list(
  extra = list(
    list("orthodont", nlmeData("Orthodont"), c(), list(
      list("slopes_by_sex", "distance ~ age * Sex + (age | Subject)", TRUE),
      list("curved_ml", "log(distance) ~ age + I(age^2) + Sex + (1 | Subject)", FALSE),
      list("no_intercept", "distance ~ 0 + Sex + age:Sex + (1 | Subject)", TRUE))),
    list("machines", nlmeData("Machines"), c("Worker"), list(
      list("crossed_interaction", "score ~ Machine + (1 | Worker) + (1 | Worker:Machine)", TRUE),
      list("nested_slash", "score ~ Machine + (1 | Worker/Machine)", FALSE))),
    list("oats", nlmeData("Oats"), c(), list(
      list("split_plot", "yield ~ nitro * Variety + (1 | Block/Variety)", TRUE))),
    list("sleepuncorr", ss, c("Subject"), list(
      list("uncorrelated", "Reaction ~ Days + (Days || Subject)", TRUE),
      list("aliased", "Reaction ~ Days + Days2 + (1 | Subject)", TRUE),
      list("slope_only", "Reaction ~ Days + (0 + Days | Subject)", FALSE))),
    list("dungna", naDung, c("oven_block"), list(
      list("blocks_na", "pr_dung ~ flies + (1 | oven_block)", TRUE),
      list("ols_na", "pr_dung ~ flies", NA))),
    list("mtcars", mt, c("cyl"), list(
      list("interaction", "mpg ~ wt * cyl", NA),
      list("functions", "mpg ~ wt + hp + I(wt^2) + log(disp)", NA),
      list("no_intercept", "mpg ~ 0 + cyl + wt", NA),
      list("power", "mpg ~ (wt + hp + am)^2 - wt:am", NA),
      list("aliased", "mpg ~ wt + wt2 + hp", NA))),
    list("warpbreaks", datasets::warpbreaks, c(), list(
      list("cells", "breaks ~ wool:tension", NA),
      list("nested_ols", "breaks ~ tension/wool", NA),
      list("mixed", "breaks ~ wool + (1 | tension)", TRUE))),
    list("machinesnum", nlmeData("Machines"), c(), list(
      list("vector_factor", "score ~ Machine + (0 + Machine | Worker)", TRUE),
      list("numeric_group", "log(score) ~ Machine + (1 | Worker)", FALSE))),
    list("sleepquad", ss, c("Subject"), list(
      list("quadratic", "Reaction ~ Days + I(Days^2) + (Days + I(Days^2) | Subject)", FALSE),
      list("scaled_response", "I(Reaction/100) ~ sqrt(Days + 1) + (1 | Subject)", TRUE))),
    list("mixedcase", mixedcase, c(), list(
      list("levels_c_order", "y ~ trt + x + (1 | site)", TRUE),
      list("na_group", "y ~ x + (1 | site) + (1 | plot)", TRUE))),
    list("generated", generated, c("k"), list(
      list("interaction_slope", "y ~ x * a + (x | g)", TRUE),
      list("nested_numeric_factor", "y ~ x + k + (1 | g/h)", TRUE),
      list("cells_by_group", "y ~ 0 + a + x:a + (1 | g)", FALSE),
      list("uncorrelated_curved", "y ~ x + I(x^2) + sqrt(z + 10) + (x || g)", TRUE),
      list("second_order", "y ~ (x + z + a)^2 + (1 | g:h)", TRUE),
      list("transformed", "log(y2) ~ x + exp(z/10) + (1 | g) + (1 | h)", FALSE),
      list("nested_ols", "y ~ x + b/a", NA))),
    list("flat", flat, c(), list(
      list("singular", "y ~ x + (1 | g)", TRUE)))
  ))[[which]]

writeCases(cases, out)
