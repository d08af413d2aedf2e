# Anchor for bench/lasso.ts: cv.glmnet on the same sparse design, labels and folds.
# Usage: Rscript bench/glmnet_anchor.R DIR   (DIR holds x.mtx, y.txt, foldid.txt)
suppressPackageStartupMessages({ library(glmnet); library(Matrix) })
dir <- commandArgs(trailingOnly = TRUE)[1]
x <- as(readMM(file.path(dir, "x.mtx")), "CsparseMatrix")
y <- scan(file.path(dir, "y.txt"), quiet = TRUE)
foldid <- scan(file.path(dir, "foldid.txt"), quiet = TRUE)
st <- system.time(cvfit <- cv.glmnet(x, y, family = "binomial", foldid = foldid))
t <- st[["elapsed"]]
cpu <- st[["user.self"]] + st[["sys.self"]]
cat(sprintf('{"seconds":%.4f,"cpu_seconds":%.4f,"lambda_min":%.10g,"lambda_1se":%.10g,"nonzero_1se":%d,"nlambda":%d}\n',
            t, cpu, cvfit$lambda.min, cvfit$lambda.1se,
            cvfit$nzero[cvfit$index[2]], length(cvfit$lambda)))
