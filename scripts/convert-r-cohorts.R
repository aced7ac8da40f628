#!/usr/bin/env Rscript
# Converts real multi-site cohorts shipped with R's `survival` package (Debian r-cran-survival,
# LGPL >= 2) into the CSV files under data/breast-cancer, data/cgd, data/nwtco and data/retinopathy
# used by the CLI tests.
# Run from the repository root: Rscript scripts/convert-r-cohorts.R
# Deterministic: no random numbers; the output is committed.
suppressPackageStartupMessages(library(survival))
five_years <- 1826 # days

# Event within five years: 1 = recurrence or death by day 1826; 0 = event-free past day 1826;
# NA = censored before five years (unknown outcome, the row is dropped).
event_within <- function(time, status) ifelse(status == 1 & time <= five_years, 1L, ifelse(time > five_years, 0L, NA_integer_))

# Rotterdam tumour bank: recurrence-free survival as in survival's own example.
rot <- rotterdam
rot_status <- pmax(rot$recur, rot$death)
rot_time <- with(rot, ifelse(recur == 1, rtime, dtime))
rot_out <- data.frame(
  cohort = "rotterdam", pid = rot$pid, age = rot$age, meno = rot$meno, size = as.character(rot$size),
  grade = rot$grade, nodes = rot$nodes, pgr = rot$pgr, er = rot$er, hormon = rot$hormon,
  rfstime = rot_time, event5 = event_within(rot_time, rot_status), stringsAsFactors = FALSE
)

# GBSG trial: tumour size in mm, put on Rotterdam's three categories.
g <- gbsg
g_size <- as.character(cut(g$size, c(-Inf, 20, 50, Inf), labels = c("<=20", "20-50", ">50")))
g_out <- data.frame(
  cohort = "gbsg", pid = g$pid, age = g$age, meno = g$meno, size = g_size,
  grade = g$grade, nodes = g$nodes, pgr = g$pgr, er = g$er, hormon = g$hormon,
  rfstime = g$rfstime, event5 = event_within(g$rfstime, g$status), stringsAsFactors = FALSE
)

both <- rbind(rot_out, g_out)
both <- both[!is.na(both$event5), ]
write.csv(both, "data/breast-cancer/breast_2cohorts.csv", row.names = FALSE, quote = FALSE)
gb <- both[both$cohort == "gbsg", setdiff(names(both), "cohort")]
write.csv(gb, "data/breast-cancer/gbsg.csv", row.names = FALSE, quote = FALSE)

# CGD trial: one row per patient (cgd0), enrolling centre named as in survival's `cgd`.
labels <- unique(cgd[, c("id", "center", "treat", "sex", "inherit")])
cg <- merge(cgd0[, setdiff(names(cgd0), c("center", "treat", "sex", "inherit"))], labels, by = "id")
cg <- cg[order(cg$id), ]
cgd_out <- data.frame(
  id = cg$id, center = gsub(" ", "_", as.character(cg$center)),
  treat = gsub(" ", "_", as.character(cg$treat)), sex = as.character(cg$sex),
  age = cg$age, height = cg$height, weight = cg$weight,
  inherit = as.character(cg$inherit), steroids = cg$steroids, propylac = cg$propylac,
  hos.cat = cg$hos.cat, etime1 = cg$etime1, infection = as.integer(!is.na(cg$etime1)), stringsAsFactors = FALSE
)
write.csv(cgd_out, "data/cgd/cgd.csv", row.names = FALSE, quote = FALSE, na = "")
# National Wilms Tumor Study: two trials (NWTS-3, NWTS-4), one row per child; `instit` is the
# local institution's histology reading (not a site), `histol` the central lab's.
nw <- nwtco
nw_out <- data.frame(
  seqno = nw$seqno, study = paste0("nwts", nw$study), instit = nw$instit, histol = nw$histol,
  stage = nw$stage, age = nw$age, in.subcohort = as.integer(nw$in.subcohort),
  edrel = nw$edrel, rel = nw$rel, check.names = FALSE
)
dir.create("data/nwtco", showWarnings = FALSE)
write.csv(nw_out, "data/nwtco/nwtco.csv", row.names = FALSE, quote = FALSE)
# Diabetic Retinopathy Study: two eyes per patient (one lasered), one centre; `futime` is the
# follow-up time (months to vision loss or censoring), `status` the outcome.
rt <- retinopathy
rt_out <- data.frame(
  id = rt$id, laser = as.character(rt$laser), eye = as.character(rt$eye), age = rt$age,
  type = as.character(rt$type), trt = rt$trt, risk = rt$risk, futime = rt$futime, status = rt$status,
  stringsAsFactors = FALSE
)
dir.create("data/retinopathy", showWarnings = FALSE)
write.csv(rt_out, "data/retinopathy/retinopathy.csv", row.names = FALSE, quote = FALSE)
cat("breast_2cohorts:", nrow(both), "rows;", table(both$cohort, both$event5), "\n")
cat("cgd:", nrow(cgd_out), "rows;", length(unique(cgd_out$center)), "centres\n")
cat("nwtco:", nrow(nw_out), "rows;", table(nw_out$study, nw_out$rel), "\n")
cat("retinopathy:", nrow(rt_out), "rows;", length(unique(rt_out$id)), "patients;", sum(rt_out$status), "events\n")
