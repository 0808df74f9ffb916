package io.jqemu.qmp;

import io.jqemu.qmp.internal.ClientResources;
import io.jqemu.qmp.internal.EventDispatcher;
import io.jqemu.qmp.internal.QmpConnection;
import io.jqemu.qmp.schema.QmpSchema;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;

/** Everything a {@link QmpClient} holds once its session is open. */
record QmpSession(String peer, QmpConnection connection, EventDispatcher events, QmpGreeting greeting, boolean oob,
                  Optional<QmpSchema> schema, Optional<QmpSchemaCache> schemaCache, Duration quickTimeout, Duration slowTimeout, ClientResources resources) {

    Executor callbacks() {
        return resources.callbacks();
    }

    QmpSession withSchema(QmpSchemaCache cache, QmpSchema s) {
        return new QmpSession(peer, connection, events, greeting, oob, Optional.of(s), Optional.of(cache),
                quickTimeout, slowTimeout, resources);
    }
}
