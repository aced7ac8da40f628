# Reference values for clinreg's calibration, lowess, random-effects and sample-size code,
# computed with R (Debian r-base-core, r-cran-metafor). CI has no R: the output is committed.
# Run from the repository root:  Rscript scripts/gen-calibration-fixtures.R
# Writes test/fixtures/metrics/calibration-r.json and test/fixtures/validate/meta-r.json.
suppressPackageStartupMessages(library(metafor))
options(digits = 17)

num <- function(x) sprintf("%.17g", x)
arr <- function(x) paste0("[", paste(num(x), collapse = ","), "]")
obj <- function(...) {
  kv <- list(...)
  paste0("{", paste(sprintf("\"%s\":%s", names(kv), unlist(kv)), collapse = ","), "}")
}
str <- function(s) paste0("\"", s, "\"")
nul <- function(x) if (is.null(x) || is.na(x)) "null" else num(x)

# ---- calibration: glm offset (CITL) and slope models, lowess ------------------------------
set.seed(20261206)
cal_case <- function(name, n, a, b, mu = -0.5, s = 1.2, ties = FALSE) {
  lp <- rnorm(n, mu, s)
  p <- plogis(lp)
  if (ties) p <- round(p, 2)
  p <- pmin(pmax(p, 1e-4), 1 - 1e-4)
  y <- rbinom(n, 1, plogis(a + b * qlogis(p)))
  ctl <- glm.control(epsilon = 1e-15, maxit = 200)
  m0 <- glm(y ~ offset(qlogis(p)), family = binomial, control = ctl)
  m1 <- glm(y ~ qlogis(p), family = binomial, control = ctl)
  # glm's summary() SEs use the IRLS weights of its last iteration, taken one step before the
  # converged coefficients (~1e-8 away); refitting from the converged values puts them at the MLE.
  m0 <- glm(y ~ offset(qlogis(p)), family = binomial, control = ctl, start = coef(m0))
  m1 <- glm(y ~ qlogis(p), family = binomial, control = ctl, start = coef(m1))
  s0 <- summary(m0)$coefficients
  s1 <- summary(m1)$coefficients
  lw0 <- lowess(p, y, iter = 0)
  lw3 <- lowess(p, y)
  # Austin & Steyerberg (2019) summaries of |smoothed observed - predicted| over the rows
  d <- abs(lw0$y - lw0$x)
  q <- quantile(d, c(0.5, 0.9), type = 7)
  obj(name = str(name), y = arr(y), p = arr(p),
      citl = num(s0[1, 1]), citlSe = num(s0[1, 2]),
      slopeIntercept = num(s1[1, 1]), slopeInterceptSe = num(s1[1, 2]),
      slope = num(s1[2, 1]), slopeSe = num(s1[2, 2]),
      lowessX = arr(lw0$x), lowessY = arr(lw0$y), lowess3Y = arr(lw3$y),
      ici = num(mean(d)), e50 = num(q[[1]]), e90 = num(q[[2]]), emax = num(max(d)),
      oe = num(sum(y) / sum(p)))
}
cases <- c(
  cal_case("n60-overfit", 60, 0.3, 0.6),
  cal_case("n250-calibrated", 250, 0, 1),
  cal_case("n400-shifted", 400, -0.8, 1.3, mu = 0.2),
  cal_case("n300-ties", 300, 0.4, 0.8, ties = TRUE),
  cal_case("n800-rare", 800, 0.2, 0.9, mu = -2.5, s = 1)
)

# Riley et al. 2021 criterion 2 with LP ~ N(-5, 2.5) by numerical integration
riley <- function(mu, s) {
  f <- function(k) integrate(function(x) dnorm(x, mu, s) * x^k * plogis(x) * (1 - plogis(x)),
                             -Inf, Inf, rel.tol = 1e-12)$value
  I00 <- f(0); I01 <- f(1); I11 <- f(2); se <- 0.2 / (2 * 1.96)
  I00 / (se^2 * (I00 * I11 - I01^2))
}
writeLines(paste0("{\"R\":", str(R.version.string), ",\"cases\":[", paste(cases, collapse = ","),
                  "],\"rileySlopeN\":", num(riley(-5, 2.5)), "}"),
           "test/fixtures/metrics/calibration-r.json")

# ---- random effects: REML + Knapp-Hartung, DL (z and knha), prediction intervals ---------
set.seed(7)
meta_case <- function(name, yi, vi) {
  fit <- function(method, test, tight) {
    ctl <- if (tight) list(threshold = 1e-12, maxiter = 10000) else list()
    m <- rma(yi, vi, method = method, test = test, control = ctl)
    pr <- predict(m)
    obj(method = str(method), test = str(test), tight = if (tight) "true" else "false",
        estimate = num(m$b[1]), se = num(m$se), ciLb = num(m$ci.lb), ciUb = num(m$ci.ub),
        tau2 = num(m$tau2), i2 = num(m$I2 / 100), q = num(m$QE),
        piLb = num(pr$pi.lb), piUb = num(pr$pi.ub))
  }
  fits <- c(fit("REML", "knha", TRUE), fit("REML", "knha", FALSE), fit("REML", "z", TRUE),
            fit("DL", "z", FALSE), fit("DL", "knha", FALSE))
  obj(name = str(name), yi = arr(yi), vi = arr(vi), fits = paste0("[", paste(fits, collapse = ","), "]"))
}
k_case <- function(name, k, tau) {
  vi <- runif(k, 0.01, 0.2)
  yi <- rnorm(k, 0.5, sqrt(vi + tau^2))
  meta_case(name, yi, vi)
}
mcases <- c(
  k_case("k3-heterogeneous", 3, 0.5),
  k_case("k4-moderate", 4, 0.3),
  k_case("k6-heterogeneous", 6, 0.6),
  k_case("k10-mild", 10, 0.15),
  meta_case("k5-homogeneous", c(0.51, 0.49, 0.50, 0.52, 0.48), c(0.05, 0.08, 0.04, 0.1, 0.06)),
  meta_case("k2", c(0.2, 0.9), c(0.03, 0.05))
)
writeLines(paste0("{\"R\":", str(R.version.string), ",\"metafor\":", str(as.character(packageVersion("metafor"))),
                  ",\"cases\":[", paste(mcases, collapse = ","), "]}"),
           "test/fixtures/validate/meta-r.json")
cat("wrote test/fixtures/metrics/calibration-r.json and test/fixtures/validate/meta-r.json\n")
