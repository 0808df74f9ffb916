package io.jqemu.qmp.command;

/**
 * One vCPU from {@code query-cpus-fast}.
 *
 * @param cpuIndex the CPU index
 * @param qomPath its QOM path
 * @param threadId the host thread id running it
 * @param target the target architecture, e.g. {@code x86_64}
 */
public record CpuInfo(int cpuIndex, String qomPath, long threadId, String target) {
}
