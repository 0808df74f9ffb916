package io.jqemu.cli.config;

import io.jqemu.core.model.Tpm;
import java.util.Optional;

/** {@code [tpm]}: a TPM 2.0 emulated by swtpm (the table has no keys). */
final class TpmTable implements DeviceTable<Tpm> {
    @Override
    public Class<Tpm> kind() {
        return Tpm.class;
    }

    @Override
    public String key() {
        return "tpm";
    }

    @Override
    public boolean single() {
        return true;
    }

    @Override
    public Optional<Tpm> read(TomlTable t) {
        t.finish();
        return Optional.of(new Tpm());
    }

    @Override
    public void write(Tpm tpm, TomlOut out) {
        // a TPM has no keys
    }
}
