# Seeded, reproducible data for the benchmark (bench/run.sh calls this; the CSVs are not committed).
#   Rscript bench/gen_data.R [outdir]
# insteval.csv : InstEval's shape and size: 73 421 rows; 2 972 students s x 1 128 lecturers d x 14
#                departments dept (each lecturer in one department); a binary fixed factor service;
#                y an integer rating 1..5 as in lme4's InstEval.
# crossed.csv  : a crossed design with thousands of levels on each factor (issue 2): 200 000 rows,
#                5 000 levels of a x 2 000 levels of b, a numeric covariate x.
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args) >= 1) args[1] else "bench/data"
dir.create(out, showWarnings = FALSE, recursive = TRUE)

set.seed(20240611)
n <- 73421L; ns <- 2972L; nd <- 1128L; ndept <- 14L
# Every level is used; the rest drawn with uneven popularity (some lecturers teach big courses).
s <- c(seq_len(ns), sample(ns, n - ns, replace = TRUE, prob = rgamma(ns, 2)))
d <- c(sample(nd), sample(nd, n - nd, replace = TRUE, prob = rgamma(nd, 0.7)))
d <- d[sample(n)]
dept_of_d <- c(seq_len(ndept), sample(ndept, nd - ndept, replace = TRUE))
dept <- dept_of_d[d]
# service is a property of the lecture (lecturer), with some within-lecturer variation
p_service <- rbeta(nd, 0.6, 0.8)
service <- as.integer(runif(n) < p_service[d])
eta <- 3.2 - 0.07 * service + rnorm(ns, 0, 0.32)[s] + rnorm(nd, 0, 0.52)[d] + rnorm(ndept, 0, 0.08)[dept] + rnorm(n, 0, 1.18)
y <- pmin(5L, pmax(1L, as.integer(round(eta))))
ie <- data.frame(y = y, service = service, s = paste0("s", s), d = paste0("d", d), dept = paste0("dept", dept))
write.csv(ie, file.path(out, "insteval.csv"), row.names = FALSE, quote = FALSE)

set.seed(20240612)
n2 <- 200000L; na <- 5000L; nb <- 2000L
a <- c(seq_len(na), sample(na, n2 - na, replace = TRUE))
b <- c(seq_len(nb), sample(nb, n2 - nb, replace = TRUE))[sample(n2)]
x <- round(runif(n2), 4)
y2 <- round(10 + 2 * x + rnorm(na, 0, 1.5)[a] + rnorm(nb, 0, 0.8)[b] + rnorm(n2), 4)
cr <- data.frame(y = y2, x = x, a = paste0("a", a), b = paste0("b", b))
write.csv(cr, file.path(out, "crossed.csv"), row.names = FALSE, quote = FALSE)
cat("wrote", file.path(out, "insteval.csv"), nrow(ie), "rows;", file.path(out, "crossed.csv"), nrow(cr), "rows\n")
