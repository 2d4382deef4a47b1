/* The environment probe (results/environment.h) on made-up sysfs and procfs
 * trees in a temporary folder: a machine that has every file, one that has
 * none, and one whose files say odd things. Each must give what meta.json
 * records, and none may fail. */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"
#include "check.h"
#include "results/environment.h"

static char base[64];

/* Writes text into root/path, making its folders. */
static void put(const char *root, const char *path, const char *text) {
  char full[512];
  snprintf(full, sizeof full, "%s%s", root, path);
  char *slash = strrchr(full, '/');
  *slash = '\0';
  CHECK(tvp_mkdir_p(full) == 0);
  *slash = '/';
  check_put_file(full, text);
}

static void folder(const char *root, const char *path) {
  char full[512];
  snprintf(full, sizeof full, "%s%s", root, path);
  CHECK(tvp_mkdir_p(full) == 0);
}

/* Every file there, cgroup v2 with a limit on the parent of the process's cgroup. */
static void full_machine(void) {
  char root[128];
  snprintf(root, sizeof root, "%s/full", base);
  put(root, "/sys/kernel/mm/transparent_hugepage/enabled", "always [madvise] never\n");
  put(root, "/sys/kernel/mm/transparent_hugepage/defrag", "[always] defer defer+madvise madvise never\n");
  /* PU 10 after PU 2: by number, not by name; PU 3 has no cpufreq; the same
   * governor on two PUs is named once, trailing blanks dropped. */
  put(root, "/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "performance\n");
  put(root, "/sys/devices/system/cpu/cpu1/cpufreq/scaling_governor", "powersave  \n");
  put(root, "/sys/devices/system/cpu/cpu2/cpufreq/scaling_governor", "ondemand\n");
  folder(root, "/sys/devices/system/cpu/cpu3");
  put(root, "/sys/devices/system/cpu/cpu10/cpufreq/scaling_governor", "schedutil\n");
  put(root, "/sys/devices/system/cpu/cpu11/cpufreq/scaling_governor", "performance\n");
  put(root, "/sys/devices/system/cpu/cpufreq/boost", "1\n");
  put(root, "/sys/devices/system/cpu/intel_pstate/no_turbo", "1\n"); /* boost wins */
  put(root, "/sys/devices/system/cpu/smt/control", "on\n");
  put(root, "/sys/devices/system/cpu/smt/active", "1\n");
  put(root, "/sys/devices/system/cpu/vulnerabilities/spectre_v2", "Mitigation: Retpolines; STIBP: disabled\n");
  put(root, "/sys/devices/system/cpu/vulnerabilities/l1tf", "Not affected\n");
  put(root, "/sys/devices/system/cpu/vulnerabilities/meltdown", "");
  put(root, "/sys/devices/system/cpu/vulnerabilities/.hidden", "not a vulnerability\n");
  put(root, "/proc/cmdline", "BOOT_IMAGE=/vmlinuz root=/dev/vda1 mitigations=off\n");
  put(root, "/sys/devices/system/clocksource/clocksource0/current_clocksource", "tsc\n");
  put(root, "/sys/hypervisor/type", "xen\n");
  put(root, "/proc/cpuinfo", "processor\t: 0\nmodel name\t: Fixture\n"
                             "flags\t\t: fpu vme hypervisor sse2\n\nprocessor\t: 1\nflags\t\t: fpu\n");
  put(root, "/sys/class/dmi/id/sys_vendor", "QEMU\n");
  put(root, "/sys/class/dmi/id/product_name", "Standard PC (Q35 + ICH9, 2009)\n");
  put(root, "/proc/self/cgroup", "0::/user.slice/run\n");
  put(root, "/sys/fs/cgroup/cgroup.controllers", "cpu memory\n");
  put(root, "/sys/fs/cgroup/user.slice/cpu.max", "150000 100000\n");
  put(root, "/sys/fs/cgroup/user.slice/memory.max", "max\n");
  put(root, "/sys/fs/cgroup/user.slice/run/cpu.max", "max 100000\n");
  put(root, "/sys/fs/cgroup/user.slice/run/memory.max", "1073741824\n");
  put(root, "/proc/loadavg", "0.52 0.58 0.59 1/234 5678\n");

  tvp_environment e;
  tvp_environment_probe(&e, root, NULL);
  CHECK_STR(e.thp_enabled, "madvise");
  CHECK_STR(e.thp_defrag, "always");
  CHECK_EQ_INT(e.ngovernors, 4);
  if (e.ngovernors == 4) {
    CHECK_STR(e.governors[0], "performance");
    CHECK_STR(e.governors[1], "powersave");
    CHECK_STR(e.governors[2], "ondemand");
    CHECK_STR(e.governors[3], "schedutil");
  }
  CHECK_EQ_INT(e.boost, TVP_ENV_YES);
  CHECK_STR(e.smt_control, "on");
  CHECK_EQ_INT(e.smt_active, TVP_ENV_YES);
  /* Sorted, the hidden file left out, the empty one present but absent. */
  CHECK(e.mitigations != NULL);
  CHECK_EQ_INT(e.nmitigations, 3);
  if (e.nmitigations == 3) {
    CHECK_STR(e.mitigations[0].name, "l1tf");
    CHECK_STR(e.mitigations[0].text, "Not affected");
    CHECK_STR(e.mitigations[1].name, "meltdown");
    CHECK(e.mitigations[1].text == NULL);
    CHECK_STR(e.mitigations[2].name, "spectre_v2");
    CHECK_STR(e.mitigations[2].text, "Mitigation: Retpolines; STIBP: disabled");
  }
  CHECK_STR(e.kernel_command_line, "BOOT_IMAGE=/vmlinuz root=/dev/vda1 mitigations=off");
  CHECK_STR(e.clocksource, "tsc");
  CHECK_STR(e.hypervisor_type, "xen");
  CHECK_EQ_INT(e.hypervisor_flag, TVP_ENV_YES);
  CHECK_STR(e.sys_vendor, "QEMU");
  CHECK_STR(e.product_name, "Standard PC (Q35 + ICH9, 2009)");
  /* The tightest on the way up: the parent's CPU quota, the process's own memory. */
  CHECK_EQ_INT(e.cgroup_version, 2);
  CHECK_STR(e.cgroup_cpu_max, "150000 100000");
  CHECK_STR(e.cgroup_memory_max, "1073741824");
  CHECK_STR(e.load_start, "0.52 0.58 0.59");
  CHECK(e.load_end == NULL);
  put(root, "/proc/loadavg", "1.75 0.90 0.61 3/240 6000\n");
  tvp_environment_probe_end(&e, root);
  CHECK_STR(e.load_start, "0.52 0.58 0.59");
  CHECK_STR(e.load_end, "1.75 0.90 0.61");
  tvp_environment_free(&e);
}

/* No file at all: everything absent, nothing fails. */
static void empty_machine(void) {
  char root[128];
  snprintf(root, sizeof root, "%s/empty", base);
  folder(root, "");
  tvp_environment e;
  tvp_environment_probe(&e, root, NULL);
  CHECK(e.thp_enabled == NULL && e.thp_defrag == NULL);
  CHECK_EQ_INT(e.ngovernors, 0);
  CHECK_EQ_INT(e.boost, TVP_ENV_UNKNOWN);
  CHECK(e.smt_control == NULL);
  CHECK_EQ_INT(e.smt_active, TVP_ENV_UNKNOWN);
  CHECK(e.mitigations == NULL);
  CHECK_EQ_INT(e.nmitigations, 0);
  CHECK(e.kernel_command_line == NULL && e.clocksource == NULL && e.hypervisor_type == NULL);
  CHECK_EQ_INT(e.hypervisor_flag, TVP_ENV_UNKNOWN);
  CHECK(e.sys_vendor == NULL && e.product_name == NULL);
  CHECK_EQ_INT(e.cgroup_version, 0);
  CHECK(e.cgroup_cpu_max == NULL && e.cgroup_memory_max == NULL);
  CHECK(e.load_start == NULL);
  tvp_environment_probe_end(&e, root);
  CHECK(e.load_end == NULL);
  tvp_environment_free(&e);
  tvp_environment_free(&e); /* freeing twice is harmless: free leaves it empty */
}

/* Files that are there but do not say what is expected; cgroup v1. */
static void odd_machine(void) {
  char root[128];
  snprintf(root, sizeof root, "%s/odd", base);
  put(root, "/sys/kernel/mm/transparent_hugepage/enabled", "always madvise never\n"); /* no word in force */
  put(root, "/sys/kernel/mm/transparent_hugepage/defrag", "always [] never\n");
  put(root, "/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "\n");
  folder(root, "/sys/devices/system/cpu/cpu1x/cpufreq/scaling_governor"); /* not a PU */
  put(root, "/sys/devices/system/cpu/cpufreq/boost", "2\n");
  put(root, "/sys/devices/system/cpu/intel_pstate/no_turbo", "1\n"); /* turbo off: no boost */
  folder(root, "/sys/devices/system/cpu/smt/control"); /* a folder, not a file */
  put(root, "/sys/devices/system/cpu/smt/active", "yes\n");
  put(root, "/sys/devices/system/cpu/vulnerabilities", "a file, not a folder\n");
  put(root, "/proc/cmdline", "   \n");
  put(root, "/proc/cpuinfo", "processor\t: 0\nFeatures\t: fp asimd hypervisor\n"); /* arm: no flags line */
  put(root, "/proc/loadavg", "0.52 nan 0.59 1/234 5678\n");
  /* cgroup v1 (no cgroup.controllers at /sys/fs/cgroup): cpu and cpuacct
   * mounted together, unlimited memory said as a number near 2^63. */
  put(root, "/proc/self/cgroup", "5:memory:/box\n4:cpu,cpuacct:/box/inner\n0::/\n");
  put(root, "/sys/fs/cgroup/cpu/cpu.cfs_quota_us", "-1\n");
  put(root, "/sys/fs/cgroup/cpu/cpu.cfs_period_us", "100000\n");
  put(root, "/sys/fs/cgroup/cpu/box/inner/cpu.cfs_quota_us", "50000\n");
  put(root, "/sys/fs/cgroup/cpu/box/inner/cpu.cfs_period_us", "100000\n");
  put(root, "/sys/fs/cgroup/memory/box/memory.limit_in_bytes", "9223372036854771712\n");

  tvp_environment e;
  tvp_environment_probe(&e, root, NULL);
  CHECK(e.thp_enabled == NULL);
  CHECK(e.thp_defrag == NULL);
  CHECK_EQ_INT(e.ngovernors, 0);
  CHECK_EQ_INT(e.boost, TVP_ENV_NO);
  CHECK(e.smt_control == NULL);
  CHECK_EQ_INT(e.smt_active, TVP_ENV_UNKNOWN);
  CHECK(e.mitigations == NULL);
  CHECK(e.kernel_command_line == NULL);
  CHECK_EQ_INT(e.hypervisor_flag, TVP_ENV_UNKNOWN);
  CHECK(e.load_start == NULL);
  CHECK_EQ_INT(e.cgroup_version, 1);
  CHECK_STR(e.cgroup_cpu_max, "50000 100000");
  CHECK_STR(e.cgroup_memory_max, "max");
  tvp_environment_free(&e);

  /* cgroup v2 with the process's cgroup not in this mount: not known, not
   * "max"; a flags line without 'hypervisor': not in a VM. */
  put(root, "/sys/fs/cgroup/cgroup.controllers", "cpu memory\n");
  put(root, "/proc/self/cgroup", "0::/elsewhere\n");
  put(root, "/proc/cpuinfo", "processor\t: 0\nflags\t\t: fpu vme sse2\n");
  tvp_environment_probe(&e, root, NULL);
  CHECK_EQ_INT(e.cgroup_version, 2);
  CHECK(e.cgroup_cpu_max == NULL && e.cgroup_memory_max == NULL);
  CHECK_EQ_INT(e.hypervisor_flag, TVP_ENV_NO);
  tvp_environment_free(&e);

  /* v2 at the root cgroup, which has no cpu.max or memory.max: no limit. */
  put(root, "/proc/self/cgroup", "0::/\n");
  tvp_environment_probe(&e, root, NULL);
  CHECK_STR(e.cgroup_cpu_max, "max");
  CHECK_STR(e.cgroup_memory_max, "max");
  tvp_environment_free(&e);
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st;
  (void)ftw;
  return flag == FTW_DP ? rmdir(path) : unlink(path);
}

int main(void) {
  snprintf(base, sizeof base, "/tmp/tvp_env.XXXXXX");
  if (!mkdtemp(base)) {
    perror("mkdtemp");
    return 1;
  }
  full_machine();
  empty_machine();
  odd_machine();
  CHECK(nftw(base, remove_one, 16, FTW_DEPTH | FTW_PHYS) == 0);
  CHECK_DONE();
}
