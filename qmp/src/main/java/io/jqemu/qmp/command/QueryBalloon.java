package io.jqemu.qmp.command;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code query-balloon}: the guest's current memory size as the balloon sees it (fails without a balloon device).
 *
 */
public record QueryBalloon() implements ArgumentlessCommand<BalloonInfo> {
    @Override
    public String name() {
        return "query-balloon";
    }

    @Override
    public BalloonInfo decode(JsonNode returned) {
        return new BalloonInfo(CommandJson.number(returned, "actual"));
    }
}
