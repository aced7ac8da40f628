# Reference fits for src/update: intercept update (glm with offset) and logistic recalibration
# (glm on the logit) from R's glm, binomial family, converged to machine precision.
# Usage: Rscript scripts/gen-update-fixtures.R  (writes test/fixtures/update/glm-recalibration.json)
library(jsonlite)
set.seed(20261206)
cases <- list(
  list(name = "small-shifted", n = 25, a = -0.8, b = 0.7, mu = 0.3, sd = 1.2),
  list(name = "medium-overfit", n = 60, a = 0.4, b = 0.5, mu = -0.5, sd = 1.5),
  list(name = "large-calibrated", n = 300, a = 0, b = 1, mu = -1, sd = 1),
  list(name = "rare-events", n = 200, a = -2, b = 1.3, mu = -0.5, sd = 0.8),
  list(name = "strong-separation-free", n = 100, a = 1, b = 2, mu = 0, sd = 2)
)
ctl <- glm.control(epsilon = 1e-15, maxit = 200)
out <- lapply(cases, function(cs) {
  lp <- signif(rnorm(cs$n, cs$mu, cs$sd), 12) # exactly representable in the JSON
  y <- rbinom(cs$n, 1, plogis(cs$a + cs$b * lp))
  f1 <- glm(y ~ 1 + offset(lp), family = binomial, control = ctl)
  f2 <- glm(y ~ lp, family = binomial, control = ctl)
  list(
    name = cs$name, logits = lp, y = y,
    original = list(logLik = sum(dbinom(y, 1, plogis(lp), log = TRUE))),
    intercept = list(coef = I(unname(coef(f1))), se = I(unname(sqrt(diag(vcov(f1))))), logLik = as.numeric(logLik(f1))),
    logistic = list(coef = unname(coef(f2)), se = unname(sqrt(diag(vcov(f2)))), logLik = as.numeric(logLik(f2)))
  )
})
doc <- list(generator = "scripts/gen-update-fixtures.R", r = R.version.string, cases = out)
writeLines(toJSON(doc, digits = NA, auto_unbox = TRUE, pretty = FALSE), "test/fixtures/update/glm-recalibration.json")
