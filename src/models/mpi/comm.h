/* Message passing for the net.* kernels over MPI: worker i is rank i. */
#ifndef TVP_MPI_COMM_H
#define TVP_MPI_COMM_H

#include "kernels/kernel.h"

extern const tvp_comm tvp_mpi_comm;

#endif
