package io.jqemu.junit;

import io.jqemu.launcher.RunningVm;
import io.jqemu.qmp.QmpEvent;
import java.util.ArrayDeque;
import java.util.List;

/** The last {@value #KEPT} QMP events of a VM, for failure reports. */
final class QmpEventLog {
    static final int KEPT = 100;
    private final ArrayDeque<QmpEvent> events = new ArrayDeque<>();

    static QmpEventLog of(RunningVm vm) {
        QmpEventLog log = new QmpEventLog();
        vm.onEvent(event -> true, log::add);
        return log;
    }

    private synchronized void add(QmpEvent event) {
        events.addLast(event);
        if (events.size() > KEPT) {
            events.removeFirst();
        }
    }

    /** One line per event: time, name and data. */
    synchronized List<String> lines() {
        return events.stream().map(e -> e.timestamp() + " " + e.name() + " " + e.data()).toList();
    }
}
