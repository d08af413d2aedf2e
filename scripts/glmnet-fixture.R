# Reference values from R's glmnet for test/models/lasso-glmnet.test.ts.
#
# Reads test/fixtures/glmnet/data.csv (written by scripts/glmnet-fixture-data.ts: y, w, foldid and
# 30 features) and writes test/fixtures/glmnet/expected.json with, for each case, the full-data
# path (lambda, a0, beta, dev.ratio, nulldev, df) and the cross-validation (cvm, cvsd, nzero,
# lambda.min, lambda.1se, coefficients at both) of
#   cv.glmnet(x, y, family = "binomial", foldid = foldid, type.measure = ..., thresh = ...)
# Cases (thresh 1e-10 unless said): unweighted deviance; weighted deviance (w, with six zero
# weights); unweighted AUC; folds fitted at the full-data lambda sequence (lambda = given);
# unweighted deviance at glmnet's default thresh 1e-7; weighted deviance with standardize = FALSE.
# The tests read only the JSON; R is needed only to regenerate it.
#
# Run from the repository root: Rscript scripts/glmnet-fixture.R
suppressPackageStartupMessages(library(glmnet))

data <- read.csv("test/fixtures/glmnet/data.csv")
y <- data$y
w <- data$w
foldid <- data$foldid
x <- as.matrix(data[, setdiff(names(data), c("y", "w", "foldid"))])
tight <- 1e-10

num <- function(v) {
  v <- as.numeric(v)
  paste0("[", paste(sprintf("%.17g", v), collapse = ","), "]")
}
str <- function(v) paste0("[", paste0('"', v, '"', collapse = ","), "]")
obj <- function(fields) {
  paste0("{", paste0('"', names(fields), '":', unlist(fields), collapse = ","), "}")
}

run_case <- function(weights, type_measure, thresh, full_lambda = FALSE, standardize = TRUE) {
  args <- list(x, y, family = "binomial", foldid = foldid, type.measure = type_measure,
               thresh = thresh, standardize = standardize)
  if (!is.null(weights)) args$weights <- weights
  if (full_lambda) {
    # Folds fitted at exactly the full-data sequence (cvLasso's foldLambdas = "full").
    args$lambda <- glmnet(x, y, family = "binomial", weights = weights, thresh = thresh,
                          standardize = standardize)$lambda
  }
  cvfit <- do.call(cv.glmnet, args)
  fit <- cvfit$glmnet.fit
  beta <- as.matrix(fit$beta)
  cmin <- as.numeric(coef(cvfit, s = "lambda.min"))
  c1se <- as.numeric(coef(cvfit, s = "lambda.1se"))
  obj(list(
    weighted = if (is.null(weights)) "false" else "true",
    typeMeasure = paste0('"', type_measure, '"'),
    thresh = sprintf("%.17g", thresh),
    foldLambdas = if (full_lambda) '"full"' else '"own"',
    standardize = if (standardize) "true" else "false",
    lambda = num(fit$lambda),
    a0 = num(fit$a0),
    beta = paste0("[", paste(apply(beta, 2, num), collapse = ","), "]"),
    devRatio = num(fit$dev.ratio),
    nulldev = sprintf("%.17g", fit$nulldev),
    df = num(fit$df),
    cvm = num(cvfit$cvm),
    cvsd = num(cvfit$cvsd),
    nzero = num(cvfit$nzero),
    lambdaMin = sprintf("%.17g", cvfit$lambda.min),
    lambda1se = sprintf("%.17g", cvfit$lambda.1se),
    interceptMin = sprintf("%.17g", cmin[1]),
    coefMin = num(cmin[-1]),
    intercept1se = sprintf("%.17g", c1se[1]),
    coef1se = num(c1se[-1])
  ))
}

cases <- list(
  unweighted = run_case(NULL, "deviance", tight),
  weighted = run_case(w, "deviance", tight),
  auc = run_case(NULL, "auc", tight),
  fullLambda = run_case(NULL, "deviance", tight, full_lambda = TRUE),
  defaults = run_case(NULL, "deviance", 1e-7),
  unstandardized = run_case(w, "deviance", tight, standardize = FALSE)
)
out <- obj(list(
  generator = '"scripts/glmnet-fixture.R"',
  glmnet = paste0('"', as.character(packageVersion("glmnet")), '"'),
  features = str(colnames(x)),
  cases = obj(cases)
))
writeLines(out, "test/fixtures/glmnet/expected.json")
