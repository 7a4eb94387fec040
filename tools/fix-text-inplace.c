/*
 * fix-text-inplace.c - the writer behind -i: a temporary file beside the
 * target, given the target's owner and mode, made durable and renamed over
 * it; removed on any failure, on exit and on a fatal signal.
 */
#include "fix-text.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Bytes of the file's name kept in its temporary file's name: with the
 * dot, ".fix-text-" and six random characters it stays within NAME_MAX
 * (255 on Linux). */
#define TEMP_NAME_KEEP 200

/* The temporary file -i is writing, removed if we die before renaming it:
 * a signal or an exit must not leave a half-written copy beside the
 * user's file.  Set and cleared only around the write. */
static char *volatile live_temp;

static void remove_live_temp(void)
{
    if (live_temp)
        unlink(live_temp);
}

static void on_fatal_signal(int sig)
{
    remove_live_temp();
    signal(sig, SIG_DFL);
    raise(sig);
}

void temp_cleanup_on_exit(void)
{
    signal(SIGINT, on_fatal_signal);
    signal(SIGTERM, on_fatal_signal);
    signal(SIGHUP, on_fatal_signal);
    atexit(remove_live_temp);
}

int temp_open(struct temp *t, const char *target)
{
    char *c1 = strdup(target), *c2 = strdup(target);
    int n;

    if (!c1 || !c2)
        die_nomem();
    /* dirname() and basename() may write into their argument.  The name
     * is cut short (at a character boundary) when ".NAME.fix-text-XXXXXX"
     * would pass NAME_MAX: a 235-byte name is legal, its temporary file
     * must be too. */
    const char *base = basename(c2);
    int keep = (int)strlen(base);
    if (keep > TEMP_NAME_KEEP) {
        keep = TEMP_NAME_KEEP;
        while (keep > 0 && ((unsigned char)base[keep] & 0xc0) == 0x80)
            keep--;
    }
    n = asprintf(&t->path, "%s/.%.*s.fix-text-XXXXXX", dirname(c1), keep,
                 base);
    free(c1);
    free(c2);
    if (n < 0)
        die_nomem();
    t->fd = mkstemp(t->path);
    if (t->fd < 0) {
        int e = errno;
        free(t->path);
        t->path = NULL;
        errno = e;
        return -1;
    }
    live_temp = t->path;
    t->f = fdopen(t->fd, "wb");
    if (!t->f) {
        int e = errno;
        close(t->fd);
        unlink(t->path);
        live_temp = NULL;
        free(t->path);
        t->path = NULL;
        errno = e;
        return -1;
    }
    t->sink.f = t->f;
    t->sink.err = 0;
    return 0;
}

int temp_take_owner(struct temp *t, const struct stat *st)
{
    /* Before anything is written: a copy that would change hands is not
     * made at all.  chown() to the owner one already is always works. */
    if (fchown(t->fd, st->st_uid, st->st_gid) != 0) {
        int e = errno;
        temp_discard(t);
        errno = e;
        return -1;
    }
    return 0;
}

void temp_discard(struct temp *t)
{
    if (t->f)
        fclose(t->f);
    unlink(t->path);
    live_temp = NULL;
    free(t->path);
    t->path = NULL;
}

/* Gives the temporary file the original's owner and mode, makes it
 * durable, and renames it over the target.  Returns 0, or -1 with errno
 * set (the temporary file is then removed). */
int temp_commit(struct temp *t, const char *target,
                       const struct stat *st)
{
    int dfd, e;
    char *c;

    errno = 0;
    if (fflush(t->f) != 0 || t->sink.err)
        goto fail;
    /* The owner was given in temp_take_owner(); chown() clears
     * set-user-ID bits, which this chmod restores. */
    if (fchmod(t->fd, st->st_mode & 07777) != 0 || fsync(t->fd) != 0)
        goto fail;
    if (fclose(t->f) != 0) {
        t->f = NULL;
        goto fail;
    }
    t->f = NULL;
    if (rename(t->path, target) != 0)
        goto fail;
    live_temp = NULL;
    free(t->path);
    t->path = NULL;
    /* The rename itself is durable only once the directory is synced. */
    c = strdup(target);
    if (!c)
        die_nomem();
    dfd = open(dirname(c), O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        (void)fsync(dfd);
        close(dfd);
    }
    free(c);
    return 0;
fail:
    e = errno ? errno : EIO;
    temp_discard(t);
    errno = e;
    return -1;
}
