# Seeded data of MovieLens-1M's shape (the size of MixedModels.jl's showcase fit; the real ratings are
# not redistributable, so this is a stand-in with the same structure). Not committed: made on demand.
#   Rscript bench/gen_movielens.R [outdir] [rows]
# movielens.csv (or movielens-<rows>.csv when rows is given): rows ratings (default 1 000 209) by
# 6 040 users of 3 706 movies, both scaled by rows / 1 000 209 for a smaller instance (so that users
# stay the first term, as lme4 orders terms by their number of levels), each (user, movie) pair at
# most once:
#   - users' rating counts heavy-tailed as in MovieLens-1M: at least 20 each, a log-normal tail
#     (at full size median about 95, mean 166, the heaviest about 2 400; at most 65% of the movies);
#   - movies' popularity Zipf-like (weight rank^-0.9, ranks shuffled), every movie rated at least once;
#   - crossed random intercepts: rating = round(3.58 + b_user + b_movie + 0.1 x + e) clipped to 1..5,
#     sd 0.45 (user), 0.55 (movie), 0.95 (residual); x a numeric covariate per rating.
# Columns: rating, x, user, movie (levels u1.., m1..). Sampling without replacement uses
# Efraimidis-Spirakis keys (-log(U)/w, smallest first), O(movies) per user.
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args) >= 1) args[1] else "bench/data"
n <- if (length(args) >= 2) as.integer(args[2]) else 1000209L
file <- if (length(args) >= 2) sprintf("movielens-%d.csv", n) else "movielens.csv"
dir.create(out, showWarnings = FALSE, recursive = TRUE)

set.seed(20261201)
nm <- as.integer(round(3706 * n / 1000209))
nu <- as.integer(round(6040 * n / 1000209))
minc <- 20L
cap <- as.integer(0.65 * nm)
# Rating counts: 20 + a log-normal tail scaled to the total, capped, rounded to hit n exactly.
tail <- rlnorm(nu, meanlog = 0, sdlog = 1.15)
extra <- n - minc * nu
cnt <- minc + pmin(cap - minc, floor(tail / sum(tail) * extra))
short <- n - sum(cnt)
while (short != 0) {
  room <- which(if (short > 0) cnt < cap else cnt > minc)
  k <- min(abs(short), length(room))
  pick <- sample(room, k, prob = cnt[room])
  cnt[pick] <- cnt[pick] + sign(short)
  short <- n - sum(cnt)
}
# Movie weights: Zipf-like over shuffled ranks.
w <- (sample(nm))^-0.9
# Every movie once: each movie goes to one user (chosen by rating count, while the user has room).
forced <- vector("list", nu)
left <- cnt
for (m in seq_len(nm)) {
  u <- sample.int(nu, 1L, prob = left)
  forced[[u]] <- c(forced[[u]], m)
  left[u] <- left[u] - 1L
}
users <- vector("list", nu)
movies <- vector("list", nu)
for (u in seq_len(nu)) {
  f <- forced[[u]]
  key <- -log(runif(nm)) / w
  key[f] <- Inf
  rest <- order(key)[seq_len(cnt[u] - length(f))]
  mv <- sort(c(f, rest))
  users[[u]] <- rep.int(u, length(mv))
  movies[[u]] <- mv
}
user <- unlist(users)
movie <- unlist(movies)
ord <- sample(n)
user <- user[ord]
movie <- movie[ord]
x <- round(rnorm(n), 3)
eta <- 3.58 + rnorm(nu, 0, 0.45)[user] + rnorm(nm, 0, 0.55)[movie] + 0.1 * x + rnorm(n, 0, 0.95)
rating <- pmin(5L, pmax(1L, as.integer(round(eta))))
ml <- data.frame(rating = rating, x = x, user = paste0("u", user), movie = paste0("m", movie))
write.csv(ml, file.path(out, file), row.names = FALSE, quote = FALSE)
tab <- tabulate(user, nu)
pop <- tabulate(movie, nm)
cat(sprintf("wrote %s: %d ratings, %d users (counts %d..%d, median %g, mean %.1f), %d movies (counts %d..%d), sum of squared user counts %.4g\n",
            file.path(out, file), n, nu, min(tab), max(tab), median(tab), mean(tab), nm, min(pop), max(pop), sum(as.numeric(tab)^2)))
