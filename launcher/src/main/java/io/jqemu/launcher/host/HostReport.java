package io.jqemu.launcher.host;

import io.jqemu.core.Violation;
import io.jqemu.core.render.HostResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@code jqemu check} shows for a VM, from {@link HostPreparation#report}: the failed checks of
 * the VM as a whole (its directories, host changes still recorded), then every host need with what
 * preparing the host does for it and the checks it failed. Nothing was changed to find this out.
 *
 * @param vmFindings failed checks of the VM's directories ({@code stateRoot}, {@code runtimeRoot}) and
 *                   journal ({@code name})
 * @param needs      every need, in the machine's order
 */
public record HostReport(List<Violation> vmFindings, List<Need> needs) {

    /** Copies the lists. */
    public HostReport {
        vmFindings = List.copyOf(vmFindings);
        needs = List.copyOf(needs);
    }

    /**
     * One host need.
     *
     * @param need        the need, as core rendered it
     * @param description one line (a group report may follow on more lines): what preparing the host
     *                    does for it, e.g. {@code creates tap jq-a1 on bridge br0 (vhost on), removed when
     *                    the VM stops}
     * @param failures    the checks it failed, each naming its field (a NIC's vhost check names
     *                    {@code <field>.vhost}); empty when the host can provide it
     */
    public record Need(HostResource need, String description, List<Violation> failures) {
        /** Requires the need and the description, and copies the failures. */
        public Need {
            Objects.requireNonNull(need, "need");
            Objects.requireNonNull(description, "description");
            failures = List.copyOf(failures);
        }
    }

    /** Every failed check, those of the VM first, then those of the needs in order: empty when the VM can start. */
    public List<Violation> findings() {
        List<Violation> all = new ArrayList<>(vmFindings);
        needs.forEach(n -> all.addAll(n.failures()));
        return List.copyOf(all);
    }
}
