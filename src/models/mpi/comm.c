/* tvp_comm over MPI (see comm.h). Errors are MPI's default: fatal to the job,
 * which the launcher then ends, and the cell reports. */
#include <mpi.h>

#include "models/mpi/comm.h"

static void comm_send(const tvp_job *job, unsigned me, unsigned to, const void *buf, size_t len) {
  (void)job;
  (void)me;
  MPI_Send(buf, (int)len, MPI_BYTE, (int)to, 0, MPI_COMM_WORLD);
}

static void comm_recv(const tvp_job *job, unsigned me, unsigned from, void *buf, size_t len) {
  (void)job;
  (void)me;
  MPI_Recv(buf, (int)len, MPI_BYTE, (int)from, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
}

static void comm_allreduce_sum(const tvp_job *job, unsigned me, uint64_t *vec, size_t n) {
  (void)job;
  (void)me;
  MPI_Allreduce(MPI_IN_PLACE, vec, (int)n, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
}

const tvp_comm tvp_mpi_comm = {
    .send = comm_send,
    .recv = comm_recv,
    .allreduce_sum = comm_allreduce_sum,
};
