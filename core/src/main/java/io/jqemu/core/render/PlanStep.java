package io.jqemu.core.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of adding a device: on the command line it is one option, over QMP one command (the
 * launcher maps each kind of step to its {@code io.jqemu.qmp.command} record in one place). The JSON
 * objects are the same in both forms, so cold- and hot-plugged devices are identical.
 */
public sealed interface PlanStep {

    /** The step as command-line arguments. */
    List<String> commandLine();

    /** The step as the QMP command that performs it, in text ({@code device_add {...}}), for people. */
    String qmpText();

    /** {@code -blockdev} / {@code blockdev-add}: a block node; removed with {@code blockdev-del}. */
    record AddBlockNode(String nodeName, ObjectNode options) implements PlanStep {
        /** Requires both parts and keeps its own copy of the options. */
        public AddBlockNode {
            Objects.requireNonNull(nodeName, "nodeName");
            options = options.deepCopy();
        }

        /** {@return a copy of the options, so that this step stays immutable} */
        @Override
        public ObjectNode options() {
            return options.deepCopy();
        }

        @Override
        public List<String> commandLine() {
            return List.of("-blockdev", QemuJson.arg(options));
        }

        @Override
        public String qmpText() {
            return "blockdev-add " + QemuJson.arg(options);
        }
    }

    /**
     * {@code -netdev} / {@code netdev_add}: a network back-end; removed with {@code netdev_del}.
     *
     * @param type    the back-end type ({@code tap}, {@code user})
     * @param id      the netdev id
     * @param options the whole object: {@code type}, {@code id} and the type's properties
     */
    record AddNetdev(String type, String id, ObjectNode options) implements PlanStep {
        /** Requires every part and keeps its own copy of the options. */
        public AddNetdev {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(id, "id");
            options = options.deepCopy();
        }

        /** {@return a copy of the options, so that this step stays immutable} */
        @Override
        public ObjectNode options() {
            return options.deepCopy();
        }

        /** The type's properties: {@link #options()} without {@code type} and {@code id}. */
        public ObjectNode properties() {
            ObjectNode copy = options.deepCopy();
            copy.remove("type");
            copy.remove("id");
            return copy;
        }

        @Override
        public List<String> commandLine() {
            return List.of("-netdev", QemuJson.arg(options));
        }

        @Override
        public String qmpText() {
            return "netdev_add " + QemuJson.arg(options);
        }
    }

    /**
     * {@code -object} / {@code object-add}: a QOM object such as an entropy source; removed with
     * {@code object-del}.
     *
     * @param qomType the object's type, e.g. {@code rng-random}
     * @param id      the object id
     * @param options the whole object: {@code qom-type}, {@code id} and the type's properties
     */
    record AddObject(String qomType, String id, ObjectNode options) implements PlanStep {
        /** Requires every part and keeps its own copy of the options. */
        public AddObject {
            Objects.requireNonNull(qomType, "qomType");
            Objects.requireNonNull(id, "id");
            options = options.deepCopy();
        }

        /** {@return a copy of the options, so that this step stays immutable} */
        @Override
        public ObjectNode options() {
            return options.deepCopy();
        }

        /** The type's properties: {@link #options()} without {@code qom-type} and {@code id}. */
        public ObjectNode properties() {
            ObjectNode copy = options.deepCopy();
            copy.remove("qom-type");
            copy.remove("id");
            return copy;
        }

        @Override
        public List<String> commandLine() {
            return List.of("-object", QemuJson.arg(options));
        }

        @Override
        public String qmpText() {
            return "object-add " + QemuJson.arg(options);
        }
    }

    /**
     * {@code -device} / {@code device_add}: the device the guest sees; removed with {@code device_del}.
     *
     * @param driver    the QEMU device type
     * @param id        the device id
     * @param options   the whole object: {@code driver}, {@code id}, the driver's properties, {@code bootindex}
     * @param bootIndex the firmware boot index, when the device has one
     */
    record AddDevice(String driver, String id, ObjectNode options, Optional<Integer> bootIndex) implements PlanStep {
        /** Requires every part and keeps its own copy of the options. */
        public AddDevice {
            Objects.requireNonNull(driver, "driver");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(bootIndex, "bootIndex");
            options = options.deepCopy();
        }

        /** {@return a copy of the options, so that this step stays immutable} */
        @Override
        public ObjectNode options() {
            return options.deepCopy();
        }

        /** The driver's properties: {@link #options()} without {@code driver} and {@code id}. */
        public ObjectNode properties() {
            ObjectNode copy = options.deepCopy();
            copy.remove("driver");
            copy.remove("id");
            return copy;
        }

        @Override
        public List<String> commandLine() {
            return List.of("-device", QemuJson.arg(options));
        }

        @Override
        public String qmpText() {
            return "device_add " + QemuJson.arg(options);
        }
    }

    /**
     * {@code getfd}: the launcher opens macvtap {@code macvtap}'s queue ({@code /dev/tap<ifindex>}), and
     * {@code /dev/vhost-net} when {@code names} has a vhost name, and hands them to QEMU under
     * {@code names}; the next step's netdev refers to them. Only over QMP: a command line cannot carry it.
     *
     * @param macvtap   the macvtap interface
     * @param fieldPath the NIC's field, for errors ({@code nics[2].backend})
     * @param names     the names the descriptors are registered under
     */
    record PassMacvtapFds(String macvtap, String fieldPath, TapFds names) implements PlanStep {
        /** Refuses null components; the exception names the component. */
        public PassMacvtapFds {
            Objects.requireNonNull(macvtap, "macvtap");
            Objects.requireNonNull(fieldPath, "fieldPath");
            Objects.requireNonNull(names, "names");
        }

        /** Whether a /dev/vhost-net descriptor goes with the tap's. */
        public boolean vhost() {
            return names.vhostFd().isPresent();
        }

        @Override
        public List<String> commandLine() {
            throw new IllegalStateException("descriptors of macvtap " + macvtap + " go over QMP (getfd), "
                    + "not on the command line");
        }

        @Override
        public String qmpText() {
            return "getfd \"" + names.fd() + "\" with /dev/tap<ifindex of " + macvtap + ">"
                    + names.vhostFd().map(v -> ", getfd \"" + v + "\" with /dev/vhost-net").orElse("");
        }
    }

    /**
     * A command-line option with no QMP form here ({@code -chardev}, {@code -fsdev} in key=value
     * form): a device with one of these is not hot-pluggable.
     *
     * @param option the option, e.g. {@code -chardev}
     * @param value  its escaped value
     */
    record CommandLineOption(String option, String value) implements PlanStep {
        /** Refuses null components; the exception names the component. */
        public CommandLineOption {
            Objects.requireNonNull(option, "option");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public List<String> commandLine() {
            return List.of(option, value);
        }

        @Override
        public String qmpText() {
            return "(command line only) " + option + " " + value;
        }
    }
}
