package io.jqemu.junit;

import java.util.ArrayList;
import java.util.List;

/** The VMs of one extension context (a test class or a test method), closed with it, newest first. */
final class VmScope implements AutoCloseable {
    private final JvmRun run;
    private final List<TestVm> vms = new ArrayList<>();

    VmScope(JvmRun run) {
        this.run = run;
    }

    synchronized void add(TestVm vm) {
        vms.add(vm);
    }

    synchronized List<TestVm> vms() {
        return List.copyOf(vms);
    }

    @Override
    public void close() {
        List<TestVm> all = vms();
        for (int i = all.size() - 1; i >= 0; i--) {
            VmCloser.close(all.get(i), run);
        }
    }
}
