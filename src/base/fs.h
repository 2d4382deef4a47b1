/* Files as tvp writes and looks for them: every file written whole goes through
 * a temporary name beside it and a rename, so a reader never sees half of one. */
#ifndef TVP_FS_H
#define TVP_FS_H

#include <stddef.h>

/* A file being written under its temporary name ("PATH.PID.tmp": beside PATH,
 * so the rename stays on one file system, and this process's own). */
typedef struct {
  int fd;     /* open for writing on tmp; -1 once closed */
  char *path; /* where the file goes on commit */
  char *tmp;  /* where it is written until then */
} tvp_fs_atomic;

/* The temporary name of path, malloc'd. */
char *tvp_fs_temp_path(const char *path);
/* Opens a's temporary for path; 0, or -1 with errno set (nothing to abort). */
int tvp_fs_begin(tvp_fs_atomic *a, const char *path);
/* Closes the temporary and renames it over path. 0; -1 when closing failed (the
 * text may not be whole), -2 when the rename failed; errno set and the temporary
 * removed on failure, path as it was. Releases a either way. */
int tvp_fs_commit(tvp_fs_atomic *a);
/* Closes and removes the temporary, path as it was; keeps errno. Releases a. */
void tvp_fs_abort(tvp_fs_atomic *a);
/* data[0..len) to path whole or not at all; 0, or -1 with errno set. */
int tvp_fs_write_whole(const char *path, const void *data, size_t len);

/* dir + "/" + name, malloc'd: paths come from the user, so no fixed buffer. */
char *tvp_path_in(const char *dir, const char *name);
/* 1 if path names a regular file (after symbolic links), 0 otherwise. */
int tvp_is_file(const char *path);
/* The regular file at path, whole, malloc'd (no terminating NUL), when it
 * holds 1 to max bytes; NULL otherwise (missing, empty, a folder, a FIFO, too
 * large, unreadable), errno set where a call failed. */
unsigned char *tvp_fs_read_whole(const char *path, size_t max, size_t *len);

#endif
