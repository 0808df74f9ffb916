package io.jqemu.qmp.command;

/**
 * One iothread from {@code query-iothreads}.
 *
 * @param id       the iothread object's id
 * @param threadId the host thread id running it
 */
public record IothreadInfo(String id, long threadId) {
}
