package io.jqemu.cli.config;

import io.jqemu.core.model.ScsiController;
import java.util.Optional;

/** {@code [[scsi_controllers]]}: virtio-scsi controllers. */
final class ScsiControllerTable implements DeviceTable<ScsiController> {
    @Override
    public Class<ScsiController> kind() {
        return ScsiController.class;
    }

    @Override
    public String key() {
        return "scsi_controllers";
    }

    @Override
    public Optional<ScsiController> read(TomlTable t) {
        ScsiController controller = new ScsiController(t.integer("num_queues", 1, TomlValues.MAX_INT).map(Long::intValue),
                t.string("iothread"));
        t.finish();
        return Optional.of(controller);
    }

    @Override
    public void write(ScsiController controller, TomlOut out) {
        out.integer("num_queues", controller.numQueues());
        out.string("iothread", controller.iothread());
    }
}
