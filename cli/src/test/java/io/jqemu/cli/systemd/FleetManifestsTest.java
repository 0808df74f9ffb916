package io.jqemu.cli.systemd;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.databind.MappingIterator;
import io.jqemu.cli.CliRun;
import io.jqemu.cli.config.VmToml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manifests of docs/fleet parse (the Nomad job with hcl4j, an HCL parser; the Kubernetes
 * manifest with Jackson's YAML), and their stop signal, stop timeout and restart rules agree with
 * jqemu's shutdown ladder and with the systemd unit jqemu prints.
 */
class FleetManifestsTest {

    private static final Path FLEET = Path.of("../docs/fleet");

    private final UnitText unit = UnitText.parse(CliRun.of("unit", "--jqemu", "/usr/bin/jqemu").out());

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void theNomadJobStopsLikeTheUnitAndDoesNotRestartAGuestThatPoweredOff() throws Exception {
        Map<String, Object> hcl = new HCLParser().parse(FLEET.resolve("jqemu.nomad.hcl").toFile(), "UTF-8");
        Map<String, Object> job = block(block(hcl, "job"), "jqemu-router");
        Map<String, Object> group = block(block(job, "group"), "vm");
        Map<String, Object> task = block(block(group, "task"), "jqemu");

        assertThat(job.get("type")).as("exit 0 ends a batch job; a service job would restart it").isEqualTo("batch");
        assertThat(task.get("driver")).isEqualTo("raw_exec");
        Map<String, Object> config = (Map<String, Object>) task.get("config");
        assertThat(config.get("command")).isEqualTo("/usr/bin/jqemu");
        assertThat((List<Object>) config.get("args")).containsExactly("run", "/etc/jqemu/router.toml");
        assertThat(task.get("kill_signal")).isEqualTo(unit.service("KillSignal"));
        assertThat(task.get("kill_timeout")).isEqualTo(unit.stopTimeout().toSeconds() + "s");
        assertThat(unit.stopTimeout()).isEqualTo(ServiceUnit.stopTimeout());
        Map<String, Object> restart = (Map<String, Object>) group.get("restart");
        assertThat(restart.get("mode")).isEqualTo("fail");
        assertThat(restart.get("delay")).isEqualTo(ServiceUnit.RESTART_DELAY.toSeconds() + "s");
        Map<String, Object> volumes = block(group, "volume");
        assertThat(block(volumes, "kvm").get("type")).isEqualTo("host");
        assertThat(block(volumes, "jqemu-state").get("type")).isEqualTo("host");
    }

    @Test
    void thePodGetsTheLaddersTimeAStopHookAndKvm() throws Exception {
        List<JsonNode> documents;
        try (MappingIterator<JsonNode> it = new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class)
                .readValues(FLEET.resolve("jqemu-pod.yaml").toFile())) {
            documents = it.readAll();
        }
        JsonNode pod = documents.stream().filter(d -> d.path("kind").asText().equals("Pod")).findFirst().orElseThrow();
        JsonNode configMap = documents.stream().filter(d -> d.path("kind").asText().equals("ConfigMap")).findFirst()
                .orElseThrow();
        JsonNode spec = pod.path("spec");
        JsonNode container = spec.path("containers").get(0);

        assertThat(spec.path("terminationGracePeriodSeconds").asLong()).isEqualTo(unit.stopTimeout().toSeconds());
        assertThat(spec.path("restartPolicy").asText()).as("exit 0 ends the pod, failures restart it")
                .isEqualTo("OnFailure");
        assertThat(spec.path("hostNetwork").asBoolean()).isTrue();
        assertThat(texts(container.path("command"))).containsExactly("/usr/bin/jqemu", "run", "/etc/jqemu/router.toml");
        assertThat(texts(container.path("lifecycle").path("preStop").path("exec").path("command")))
                .containsExactly("/usr/bin/jqemu", "stop", "router");
        assertThat(container.path("securityContext").path("privileged").asBoolean()).isTrue();
        assertThat(spec.path("volumes").findValuesAsText("path")).contains("/dev/kvm", "/var/lib/jqemu");

        // the VM the pod runs is a valid vm.toml named like the preStop hook's VM
        Path vm = Files.writeString(dir.resolve("router.toml"), configMap.path("data").path("router.toml").asText());
        assertThat(VmToml.read(vm).name()).isEqualTo("router");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> block(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as("block " + key + " in " + parent.keySet()).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    private static List<String> texts(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
