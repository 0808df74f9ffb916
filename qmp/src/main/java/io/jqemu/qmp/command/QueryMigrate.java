package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code query-migrate}: the state of the current (or last) migration. */
public record QueryMigrate() implements ArgumentlessCommand<MigrationInfo> {
    @Override
    public String name() {
        return "query-migrate";
    }

    @Override
    public MigrationInfo decode(JsonNode returned) {
        return MigrationInfo.from(returned);
    }
}
