# Sourced by ./timescale-lab and by the packaged bin/timescale-lab before the JVM starts:
# OpenMP and OpenBLAS read these variables once, when ND4J loads them, so they cannot be set
# from Java. POSIX sh.

# ND4J's OpenMP threads busy-wait by default, which on a 2-core machine makes steps jitter by
# up to 10x and run several times slower: let idle threads sleep unless the user chose. With
# sleeping threads every small element-wise op pays a wake-up (measured here: 45-65 us per op
# with 2 threads against 6-13 us with 1), and the ops of a recurrent step are small, so one
# tensor thread is also the default; the second core stays free for the window.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"

# The OpenBLAS 0.3.19 inside ND4J misdetects recent CPUs (falling back to a slow generic kernel,
# or computing wrong results on some): name the core type from the CPU's flags unless set.
if [ -z "${OPENBLAS_CORETYPE:-}" ] && [ -r /proc/cpuinfo ]; then
  flags="$(grep -m1 '^flags' /proc/cpuinfo || true)"
  case "$flags" in
    *avx512f*) export OPENBLAS_CORETYPE=SkylakeX ;;
    *avx2*) export OPENBLAS_CORETYPE=Haswell ;;
  esac
fi
