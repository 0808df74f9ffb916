package io.jqemu.libvirt.equivalence;

import io.jqemu.libvirt.ImportReport;
import java.util.List;
import java.util.Map;

/** The table the equivalence test prints: one row per case, then each case's differences. */
final class ResultTable {
    private ResultTable() {
    }

    static String render(List<EquivalenceCase.Result> results, Map<String, Outcome> expected) {
        StringBuilder b = new StringBuilder("\nlibvirt corpus through jqemu, compared on QEMU 7.2\n");
        b.append(String.format("%-46s %-22s %-28s %s%n", "case", "import", "QEMU devices", "outcome (checked in)"));
        for (EquivalenceCase.Result r : results) {
            long changing = r.reports().stream().filter(ImportReport::changesTheVm).count();
            String imported = r.outcome() == Outcome.IMPORT_ERROR ? "error"
                    : changing == 0 ? "fully" : "with " + changing + " report" + (changing == 1 ? "" : "s");
            String devices = switch (r.outcome()) {
                case IMPORT_ERROR -> "-";
                case NOT_STARTED -> "QEMU did not start";
                default -> r.differences().isEmpty() ? "equal" : r.differences().size() + " differences"
                        + (r.unexplained().isEmpty() ? "" : " (" + r.unexplained().size() + " unexplained)");
            };
            Outcome want = expected.get(r.name());
            String mark = want == null ? "" : r.outcome() == want ? "" : r.outcome().atLeast(want)
                    ? "  IMPROVED: update " + ExpectedOutcomes.RESOURCE : "  REGRESSED";
            b.append(String.format("%-46s %-22s %-28s %s (%s)%s%n", r.name(), imported, devices, r.outcome().word(),
                    want == null ? "-" : want.word(), mark));
        }
        for (EquivalenceCase.Result r : results) {
            if (!r.differences().isEmpty() || !r.error().isEmpty()) {
                b.append("\n").append(r.name()).append(":\n");
                if (!r.error().isEmpty()) {
                    b.append("  ").append(r.error().lines().findFirst().orElse("")).append('\n');
                }
                for (Difference d : r.differences()) {
                    b.append(r.unexplained().contains(d) ? "  UNEXPLAINED " : "  reported    ").append(d).append('\n');
                }
            }
        }
        return b.toString();
    }
}
