suppressPackageStartupMessages(library(metafor))
options(digits=15)
fmt <- function(x) if (length(x)==1) sprintf("%.15g", x) else paste0("(", paste(sprintf("%.15g", x), collapse=", "), ")")
emit <- function(name, dat, method, test, call) {
  res <- rma(yi, vi, data=dat, method=method, test=test)
  pr <- predict(res)
  cat(sprintf("    \"%s\": dict(\n", name))
  cat(sprintf("        # > %s\n", call))
  cat(sprintf("        estimate=%s, se=%s, ci_low=%s, ci_high=%s,\n", fmt(c(res$beta)), fmt(res$se), fmt(res$ci.lb), fmt(res$ci.ub)))
  cat(sprintf("        stat=%s, pval=%s, tau2=%s, I2=%s, H2=%s, Q=%s, Q_p=%s,\n", fmt(res$zval), fmt(res$pval), fmt(res$tau2), fmt(res$I2), fmt(res$H2), fmt(res$QE), fmt(res$QEp)))
  if (method != "FE") {
    cat(sprintf("        pred_low=%s, pred_high=%s,\n", fmt(pr$pi.lb), fmt(pr$pi.ub)))
    ci <- confint(res)
    cat(sprintf("        tau2_ci=%s, I2_ci=%s,\n", fmt(ci$random[1, 2:3]), fmt(ci$random[3, 2:3])))
  }
  if (res$k >= 3) {
    eg <- regtest(res)
    cat(sprintf("        egger_stat=%s, egger_p=%s,\n", fmt(eg$zval), fmt(eg$pval)))
  }
  l1 <- leave1out(res)
  cat(sprintf("        loo_estimate=%s,\n        loo_tau2=%s,\n", fmt(l1$estimate), fmt(l1$tau2)))
  cat("    ),\n")
}
cat(sprintf("# R %s, metafor %s, metadat %s\n", paste(R.version$major, R.version$minor, sep="."), packageVersion("metafor"), packageVersion("metadat")))
cat("CASES = {\n")
for (measure in c("RR", "OR", "RD")) {
  dat <- escalc(measure=measure, ai=tpos, bi=tneg, ci=cpos, di=cneg, data=dat.bcg)
  ecall <- sprintf('dat <- escalc(measure="%s", ai=tpos, bi=tneg, ci=cpos, di=cneg, data=dat.bcg)', measure)
  cat(sprintf("    \"bcg-%s-escalc\": dict(\n        # > %s\n        yi=%s,\n        vi=%s,\n    ),\n", measure, ecall, fmt(dat$yi), fmt(dat$vi)))
  for (method in c("FE", "DL", "REML", "PM")) for (test in c("z", "knha")) {
    if (method == "FE" && test == "knha") next
    emit(sprintf("bcg-%s-%s-%s", measure, method, test), dat, method, test,
         sprintf('%s; res <- rma(yi, vi, data=dat, method="%s", test="%s"); predict(res); confint(res); regtest(res); leave1out(res)', ecall, method, test))
  }
}
# normand1999: SMD (Hedges g, exact correction) and MD
for (measure in c("SMD", "MD")) {
  dat <- escalc(measure=measure, m1i=m1i, sd1i=sd1i, n1i=n1i, m2i=m2i, sd2i=sd2i, n2i=n2i, data=dat.normand1999)
  ecall <- sprintf('dat <- escalc(measure="%s", m1i=m1i, sd1i=sd1i, n1i=n1i, m2i=m2i, sd2i=sd2i, n2i=n2i, data=dat.normand1999)', measure)
  cat(sprintf("    \"normand-%s-escalc\": dict(\n        # > %s\n        yi=%s,\n        vi=%s,\n    ),\n", measure, ecall, fmt(dat$yi), fmt(dat$vi)))
  for (method in c("FE", "DL", "REML", "PM")) for (test in c("z", "knha")) {
    if (method == "FE" && test == "knha") next
    emit(sprintf("normand-%s-%s-%s", measure, method, test), dat, method, test,
         sprintf('%s; res <- rma(yi, vi, data=dat, method="%s", test="%s")', ecall, method, test))
  }
}
for (measure in c("PLO", "PFT")) {
  dat <- escalc(measure=measure, xi=xi, ni=ni, data=dat.pritz1997)
  ecall <- sprintf('dat <- escalc(measure="%s", xi=xi, ni=ni, data=dat.pritz1997)', measure)
  cat(sprintf("    \"pritz-%s-escalc\": dict(\n        # > %s\n        yi=%s,\n        vi=%s,\n    ),\n", measure, ecall, fmt(dat$yi), fmt(dat$vi)))
  for (method in c("FE", "DL", "REML", "PM")) for (test in c("z", "knha")) {
    if (method == "FE" && test == "knha") next
    emit(sprintf("pritz-%s-%s-%s", measure, method, test), dat, method, test,
         sprintf('%s; res <- rma(yi, vi, data=dat, method="%s", test="%s")', ecall, method, test))
  }
}
# zero cells: metafor adds 1/2 to every cell of a table that has a zero (add=1/2, to="only0")
z <- data.frame(ai=c(0, 3, 10, 5), bi=c(20, 17, 40, 0), ci=c(2, 0, 15, 4), di=c(18, 20, 35, 1))
for (measure in c("RR", "OR", "RD")) {
  dat <- escalc(measure=measure, ai=ai, bi=bi, ci=ci, di=di, data=z)
  cat(sprintf("    \"zero-%s-escalc\": dict(\n        # > z <- data.frame(ai=c(0,3,10,5), bi=c(20,17,40,0), ci=c(2,0,15,4), di=c(18,20,35,1)); escalc(measure=\"%s\", ai=ai, bi=bi, ci=ci, di=di, data=z)\n        yi=%s,\n        vi=%s,\n    ),\n", measure, measure, fmt(dat$yi), fmt(dat$vi)))
}
zp <- data.frame(xi=c(0, 4, 10, 12), ni=c(15, 20, 10, 40))
for (measure in c("PLO", "PFT")) {
  dat <- escalc(measure=measure, xi=xi, ni=ni, data=zp)
  cat(sprintf("    \"zero-%s-escalc\": dict(\n        # > zp <- data.frame(xi=c(0,4,10,12), ni=c(15,20,10,40)); escalc(measure=\"%s\", xi=xi, ni=ni, data=zp)\n        yi=%s,\n        vi=%s,\n    ),\n", measure, measure, fmt(dat$yi), fmt(dat$vi)))
}
cat("}\n")
