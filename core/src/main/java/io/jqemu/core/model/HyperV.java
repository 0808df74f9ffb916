package io.jqemu.core.model;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The Hyper-V enlightenments a Windows guest is offered: paravirtual interfaces that make Windows run
 * on KVM as it would on Hyper-V (fewer exits, a stable clock, no watchdog timeouts). Rendered as
 * {@code hv-*} properties of {@code -cpu}.
 *
 * @param enlightenments  the enlightenments to turn on
 * @param spinlockRetries how often the guest spins on a lock before it tells the hypervisor, used with
 *                        {@link Enlightenment#SPINLOCKS}; at least {@code 0xfff} (QEMU's minimum)
 */
public record HyperV(Set<Enlightenment> enlightenments, long spinlockRetries) {
    /** The spin-lock retry count Windows tuning guides and libvirt's and Proxmox's defaults use. */
    public static final long DEFAULT_SPINLOCK_RETRIES = 0x1fff;
    /** QEMU's smallest accepted {@code hv-spinlocks} value. */
    public static final long MIN_SPINLOCK_RETRIES = 0xfff;
    /** The largest value: {@code 0xffffffff}, "never notify". */
    public static final long MAX_SPINLOCK_RETRIES = 0xffffffffL;

    /**
     * The set for a Windows 10/11 guest ({@code hyperv = true}): relaxed, vapic, spinlocks, vpindex,
     * runtime, time, synic, stimer, tlbflush, ipi, reset and frequencies. Left out: the nested-only
     * ones (evmcs, stimer-direct, reenlightenment), crash (it turns a Windows crash into a shutdown with
     * no dump) and avic (it slows guests on hosts without APICv/AVIC).
     */
    public static final HyperV RECOMMENDED = new HyperV(EnumSet.of(Enlightenment.RELAXED, Enlightenment.VAPIC,
            Enlightenment.SPINLOCKS, Enlightenment.VPINDEX, Enlightenment.RUNTIME, Enlightenment.TIME,
            Enlightenment.SYNIC, Enlightenment.STIMER, Enlightenment.TLBFLUSH, Enlightenment.IPI,
            Enlightenment.RESET, Enlightenment.FREQUENCIES), DEFAULT_SPINLOCK_RETRIES);

    /** Copies the set (in {@link Enlightenment} order) and checks it is present. */
    public HyperV {
        Objects.requireNonNull(enlightenments, "enlightenments");
        enlightenments = enlightenments.isEmpty() ? Collections.unmodifiableSet(EnumSet.noneOf(Enlightenment.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(enlightenments));
    }

    /** These enlightenments, spin locks (if listed) with {@link #DEFAULT_SPINLOCK_RETRIES}. */
    public static HyperV of(Enlightenment... enlightenments) {
        return new HyperV(enlightenments.length == 0 ? EnumSet.noneOf(Enlightenment.class)
                : EnumSet.copyOf(List.of(enlightenments)), DEFAULT_SPINLOCK_RETRIES);
    }

    /** This set with another spin-lock retry count. */
    public HyperV withSpinlockRetries(long retries) {
        return new HyperV(enlightenments, retries);
    }

    /** This set without {@code removed}. */
    public HyperV without(Enlightenment... removed) {
        EnumSet<Enlightenment> kept = enlightenments.isEmpty() ? EnumSet.noneOf(Enlightenment.class)
                : EnumSet.copyOf(enlightenments);
        kept.removeAll(List.of(removed));
        return new HyperV(kept, spinlockRetries);
    }

    /**
     * The {@code -cpu} properties, in {@link Enlightenment} order: {@code hv-relaxed=on} ...,
     * {@code hv-spinlocks=0x1fff}.
     */
    public List<String> cpuProperties() {
        return enlightenments.stream().map(e -> e == Enlightenment.SPINLOCKS
                ? e.qemuName() + "=0x" + Long.toHexString(spinlockRetries) : e.qemuName() + "=on").toList();
    }

    /**
     * Why QEMU 7.2 would refuse this set under TCG, if it would: it refuses {@code hv-vpindex} there
     * ("kernel doesn't allow setting HyperV VP_INDEX"), which synic, stimer, tlbflush and ipi require;
     * the others start under TCG.
     */
    public Optional<String> problemUnderTcg() {
        if (!enlightenments.contains(Enlightenment.VPINDEX)) {
            return Optional.empty();
        }
        return Optional.of("QEMU 7.2 refuses hv-vpindex under TCG (\"kernel doesn't allow setting HyperV VP_INDEX\"),"
                + " and synic, stimer, tlbflush and ipi require it: Hyper-V enlightenments are for KVM guests; under"
                + " TCG keep to relaxed, vapic, spinlocks, runtime, time, reset and frequencies");
    }

    /** One Hyper-V enlightenment, with QEMU 7.2's property name and what it needs besides itself. */
    public enum Enlightenment {
        /** Tells Windows to disable its watchdog timeouts. */
        RELAXED("hv-relaxed"),
        /** The VP assist page: exit-less EOI. */
        VAPIC("hv-vapic"),
        /** Paravirtual spin locks ({@link HyperV#spinlockRetries()}). */
        SPINLOCKS("hv-spinlocks"),
        /** The virtual processor index MSR. */
        VPINDEX("hv-vpindex"),
        /** The virtual processor run-time MSR (stolen time). */
        RUNTIME("hv-runtime"),
        /** Crash MSRs (a Windows crash becomes a guest shutdown; no crash dump). */
        CRASH("hv-crash"),
        /** The Hyper-V clock sources, including the reference TSC page. */
        TIME("hv-time"),
        /** The synthetic interrupt controller. */
        SYNIC("hv-synic", VPINDEX),
        /** Synthetic timers (without them some Windows versions poll HPET or RTC). */
        STIMER("hv-stimer", VPINDEX, SYNIC, TIME),
        /** Synthetic timers in direct mode (nested Hyper-V). */
        STIMER_DIRECT("hv-stimer-direct", VPINDEX, SYNIC, TIME, STIMER),
        /** Paravirtual TLB shoot-down. */
        TLBFLUSH("hv-tlbflush", VPINDEX),
        /** Paravirtual IPIs. */
        IPI("hv-ipi", VPINDEX),
        /** The reset MSR. */
        RESET("hv-reset"),
        /** TSC and APIC frequency MSRs. */
        FREQUENCIES("hv-frequencies"),
        /** Re-enlightenment notifications (nested Hyper-V). */
        REENLIGHTENMENT("hv-reenlightenment"),
        /** Enlightened VMCS (nested Hyper-V, Intel only). */
        EVMCS("hv-evmcs", VAPIC),
        /** SynIC together with hardware APICv/AVIC. */
        AVIC("hv-avic");

        private final String qemuName;
        private final List<Enlightenment> requires;

        Enlightenment(String qemuName, Enlightenment... requires) {
            this.qemuName = qemuName;
            this.requires = List.of(requires);
        }

        /** QEMU's property name, e.g. {@code hv-relaxed}. */
        public String qemuName() {
            return qemuName;
        }

        /** The enlightenments QEMU requires with this one (its documentation's "Requires:"). */
        public List<Enlightenment> requires() {
            return requires;
        }
    }
}
