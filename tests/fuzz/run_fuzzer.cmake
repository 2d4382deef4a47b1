# Runs one fuzzer for SECONDS on a fresh copy of its committed corpus, so the
# corpus in the source tree never changes; a crash, leak, timeout or failed
# check fails the test and leaves its input in WORK. A fixed seed makes CI walk
# the same inputs each time (a faster machine walks further along them).
# cmake -DFUZZER=... -DCORPUS=... -DDICT=... -DWORK=... -DSECONDS=... -P run_fuzzer.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
file(COPY ${CORPUS}/ DESTINATION ${WORK}/corpus)
set(args -max_total_time=${SECONDS} -seed=1 -rss_limit_mb=1024 -timeout=10 -print_final_stats=1
    -artifact_prefix=${WORK}/)
if(EXISTS ${DICT})
  list(APPEND args -dict=${DICT})
endif()
execute_process(COMMAND ${FUZZER} ${args} ${WORK}/corpus RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  file(GLOB found ${WORK}/crash-* ${WORK}/leak-* ${WORK}/timeout-* ${WORK}/oom-*)
  message(FATAL_ERROR "${FUZZER} failed (${rc}); reproduce with: ${FUZZER} ${found}")
endif()
