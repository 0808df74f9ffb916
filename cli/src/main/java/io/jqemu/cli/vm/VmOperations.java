package io.jqemu.cli.vm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.cli.config.VmToml;
import io.jqemu.launcher.BalloonStatus;
import io.jqemu.launcher.DeviceHandle;
import io.jqemu.launcher.RunningVm;
import io.jqemu.launcher.ShutdownResult;
import io.jqemu.qmp.ga.GuestShutdownMode;
import io.jqemu.qmp.ga.QgaClient;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the management commands do to a running VM, as JSON requests and answers: the same code
 * serves {@code jqemu run}'s control socket and a command that re-attached to a VM by itself.
 *
 * <p>Requests: {@code {"op":"status"}}, {@code {"op":"stop","force":false}},
 * {@code {"op":"qmp","command":"query-status","arguments":{}}},
 * {@code {"op":"ga","command":"guest-ping","arguments":{}}}, {@code {"op":"balloon","mib":512}},
 * {@code {"op":"attach","table":"disks","toml":"path = ..."}} (any vm.toml device table),
 * {@code {"op":"detach","id":"disk3"}}. Answers: {@code {"ok":true,"result":...}} or
 * {@code {"ok":false,"error":"..."}}.
 */
public final class VmOperations {

    /** How long hotplug completion and balloon changes may take. */
    public static final Duration DEVICE_TIMEOUT = Duration.ofSeconds(30);

    /** How long a guest-agent request waits for the agent to answer its handshake. */
    public static final Duration GUEST_AGENT_WAIT = Duration.ofSeconds(10);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunningVm vm;
    private final Map<String, DeviceHandle> attached = new ConcurrentHashMap<>();

    /** Operations on {@code vm}, which knows the devices hot-plugged through it so far. */
    public VmOperations(RunningVm vm) {
        this.vm = vm;
        vm.hotpluggedDevices().forEach(h -> attached.put(h.id(), h));
    }

    /** Answers one request; never throws (failures become {@code "ok":false}). */
    public ObjectNode handle(JsonNode request) {
        return handle(request, progress -> { });
    }

    /**
     * Answers one request, reporting the progress of a long one (a backup, a snapshot commit) to
     * {@code progress} as {@code {"current":..,"total":..}} about every half second; never throws.
     */
    public ObjectNode handle(JsonNode request, java.util.function.Consumer<ObjectNode> progress) {
        try {
            if (BlockOperations.handles(request)) {
                return ok(new BlockOperations(vm).dispatch(request, progress));
            }
            return ok(dispatch(request));
        } catch (RuntimeException e) {
            ObjectNode answer = JSON.createObjectNode();
            answer.put("ok", false);
            answer.put("error", e.getMessage() == null ? e.toString() : e.getMessage());
            return answer;
        }
    }

    private JsonNode dispatch(JsonNode request) {
        String op = request.path("op").asText("");
        return switch (op) {
            case "status" -> status();
            case "stop" -> stop(request.path("force").asBoolean(false));
            case "qmp" -> vm.qmp().execute(request.path("command").asText(),
                    request.path("arguments").isObject() ? (ObjectNode) request.get("arguments")
                            : JSON.createObjectNode());
            case "ga" -> guestAgent(request.path("command").asText(), request.path("arguments").isObject()
                    ? (ObjectNode) request.get("arguments") : JSON.createObjectNode());
            case "balloon" -> balloon(request.path("mib").asLong());
            case "attach" -> remember(vm.attach(VmToml.device(request.path("table").asText(),
                    request.path("toml").asText())));
            case "detach" -> detach(request.path("id").asText());
            default -> throw new IllegalArgumentException("unknown operation '" + op + "'");
        };
    }

    private JsonNode status() {
        ObjectNode status = JSON.createObjectNode();
        status.put("name", vm.name());
        status.put("state", vm.state().name().toLowerCase(Locale.ROOT));
        status.put("pid", vm.pid());
        return status;
    }

    private JsonNode stop(boolean force) {
        ShutdownResult result = force ? vm.stop() : vm.shutdown();
        ObjectNode node = JSON.createObjectNode();
        node.put("ended_by", result.endedBy().name().toLowerCase(Locale.ROOT));
        node.put("guest_powered_off", result.guestPoweredOff());
        node.put("took_ms", result.took().toMillis());
        return node;
    }

    /** One guest-agent command; {@code guest-shutdown}, which the agent answers only with an error, answers {@code {}}. */
    private JsonNode guestAgent(String command, ObjectNode arguments) {
        QgaClient agent = vm.guestAgent(GUEST_AGENT_WAIT);
        if (!command.equals("guest-shutdown")) {
            return agent.execute(command, arguments);
        }
        String mode = arguments.path("mode").asText(GuestShutdownMode.POWERDOWN.value());
        GuestShutdownMode chosen = java.util.Arrays.stream(GuestShutdownMode.values())
                .filter(m -> m.value().equals(mode)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("guest-shutdown: mode must be powerdown, reboot or halt,"
                        + " not '" + mode + "'"));
        agent.shutdown(chosen);
        return JSON.createObjectNode();
    }

    private JsonNode balloon(long mib) {
        if (mib < 1) {
            throw new IllegalArgumentException("balloon size must be at least 1 MiB, not " + mib);
        }
        BalloonStatus status = vm.setMemory(mib, DEVICE_TIMEOUT);
        ObjectNode node = JSON.createObjectNode();
        node.put("actual_mib", status.actualMib());
        return node;
    }

    private JsonNode remember(DeviceHandle handle) {
        attached.put(handle.id(), handle);
        ObjectNode node = JSON.createObjectNode();
        node.put("id", handle.id());
        node.put("field", handle.device().field());
        handle.rootPort().ifPresent(p -> node.put("root_port", p));
        return node;
    }

    private JsonNode detach(String id) {
        DeviceHandle handle = attached.containsKey(id) ? attached.get(id) : vm.device(id);
        handle.detach(DEVICE_TIMEOUT);
        attached.remove(id);
        ObjectNode node = JSON.createObjectNode();
        node.put("id", id);
        node.put("detached", true);
        return node;
    }

    private static ObjectNode ok(JsonNode result) {
        ObjectNode answer = JSON.createObjectNode();
        answer.put("ok", true);
        answer.set("result", result);
        return answer;
    }
}
