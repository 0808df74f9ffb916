package io.jqemu.qmp.command;

/**
 * The reply of {@code add-fd}.
 *
 * @param fdsetId the fd set the descriptor was added to; open it as {@code /dev/fdset/<fdsetId>}
 * @param fd the descriptor's number inside QEMU
 */
public record FdsetFd(long fdsetId, int fd) {
}
