/* The cross-check for net.pingpong under mpi: two ranks bounce one message of
 * each size with MPI_Send and MPI_Recv, no harness around them, measured the
 * way the OSU micro-benchmarks' osu_latency measures: warm-up round trips
 * first, then the mean of many, one-way latency = round trip / 2; bandwidth is
 * the ping-pong's, 2 x size per round trip. Usage:
 *   mpirun -n 2 mpi_loop [ROUND_TRIPS [SIZE...]]        (sizes in bytes) */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void bounce(int rank, char *buf, int size, long n) {
  for (long i = 0; i < n; i++) {
    if (rank == 0) {
      MPI_Send(buf, size, MPI_BYTE, 1, 0, MPI_COMM_WORLD);
      MPI_Recv(buf, size, MPI_BYTE, 1, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    } else {
      MPI_Recv(buf, size, MPI_BYTE, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      MPI_Send(buf, size, MPI_BYTE, 0, 0, MPI_COMM_WORLD);
    }
  }
}

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  long n = argc > 1 ? strtol(argv[1], NULL, 10) : 10000;
  static const int sizes[] = {8, 64, 512, 4096, 32768, 262144, 1048576, 4194304};
  int nsizes = argc > 2 ? argc - 2 : (int)(sizeof sizes / sizeof sizes[0]);
  if (size != 2 || n <= 0) {
    if (rank == 0)
      fprintf(stderr, "usage: mpirun -n 2 mpi_loop [ROUND_TRIPS > 0 [SIZE...]]\n");
    MPI_Finalize();
    return 2;
  }
  char *buf = malloc(4194304);
  if (!buf) {
    MPI_Abort(MPI_COMM_WORLD, 1);
    return 1;
  }
  memset(buf, 1, 4194304);
  if (rank == 0)
    printf("%10s %14s %14s\n", "bytes", "latency_us", "MB/s");
  for (int s = 0; s < nsizes; s++) {
    int bytes = argc > 2 ? (int)strtol(argv[2 + s], NULL, 10) : sizes[s];
    if (bytes < 1 || bytes > 4194304)
      continue;
    /* Large messages take long: fewer round trips, as osu_latency does. */
    long reps = bytes > 8192 ? (n / 10 > 10 ? n / 10 : 10) : n;
    bounce(rank, buf, bytes, reps / 10 + 1); /* warm-up */
    MPI_Barrier(MPI_COMM_WORLD);
    double t0 = MPI_Wtime();
    bounce(rank, buf, bytes, reps);
    double rtt = (MPI_Wtime() - t0) / (double)reps;
    if (rank == 0)
      printf("%10d %14.3f %14.1f\n", bytes, rtt / 2 * 1e6, 2.0 * bytes / rtt / 1e6);
  }
  free(buf);
  MPI_Finalize();
  return 0;
}
