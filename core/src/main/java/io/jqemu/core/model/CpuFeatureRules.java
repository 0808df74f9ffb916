package io.jqemu.core.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The rules for a CPU's feature flags and Hyper-V enlightenments that hold without asking QEMU: the
 * flag syntax, no flag twice or both on and off, every enlightenment with those it requires, the
 * spin-lock retry range, and what QEMU 7.2 refuses under TCG. Whether the QEMU binary knows a model or
 * flag is {@code jqemu check}'s question.
 */
final class CpuFeatureRules {
    private final FieldChecks check;

    CpuFeatureRules(FieldChecks check) {
        this.check = check;
    }

    void check(Cpu cpu, Accelerator accelerator) {
        flags(cpu.flags());
        cpu.hyperv().ifPresent(hyperv -> hyperv(hyperv, accelerator));
    }

    private void flags(List<String> flags) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < flags.size(); i++) {
            String path = "cpu.flags[" + i + "]";
            String text = flags.get(i);
            var problem = CpuFlag.problem(text);
            if (problem.isPresent()) {
                check.add(path, problem.get());
                continue;
            }
            CpuFlag flag = CpuFlag.parse(text);
            Integer earlier = seen.putIfAbsent(flag.canonicalName(), i);
            if (earlier != null) {
                CpuFlag first = CpuFlag.parse(flags.get(earlier));
                check.add(path, FieldChecks.quote(text) + (first.enabled() == flag.enabled()
                        ? " repeats cpu.flags[" + earlier + "]"
                        : " contradicts cpu.flags[" + earlier + "] (" + FieldChecks.quote(first.toString()) + ")"));
            }
        }
    }

    private void hyperv(HyperV hyperv, Accelerator accelerator) {
        for (HyperV.Enlightenment e : hyperv.enlightenments()) {
            List<HyperV.Enlightenment> missing = e.requires().stream()
                    .filter(r -> !hyperv.enlightenments().contains(r)).toList();
            if (!missing.isEmpty()) {
                check.add("cpu.hyperv", e.qemuName() + " requires " + missing.stream().map(HyperV.Enlightenment::qemuName)
                        .collect(Collectors.joining(", ")) + " (QEMU refuses it without them)");
            }
        }
        if (hyperv.enlightenments().contains(HyperV.Enlightenment.SPINLOCKS)) {
            check.range("cpu.hyperv.spinlockRetries", hyperv.spinlockRetries(), HyperV.MIN_SPINLOCK_RETRIES,
                    HyperV.MAX_SPINLOCK_RETRIES);
        }
        if (accelerator == Accelerator.TCG) {
            hyperv.problemUnderTcg().ifPresent(problem -> check.add("cpu.hyperv", problem));
        }
    }
}
