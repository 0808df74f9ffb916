package io.jqemu.cli.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TomlKeyIndexTest {

    private static final String TEXT = """
            # a machine
            name = "vm1"   # trailing comment
            memory = '4G'

            [cpu]
              model = "host"
              topology.sockets = 2

            [[disks]]
            path = "/a, \\"b\\""
            [[disks]]
            path = '''
            multi
            line'''
            cache = "none"
            [disks.attachment]
            type = "scsi-hd"

            [[nics]]
            mac = "52:54:00:00:00:01"
            extra = [1, { a = 2, b = "x]" }, [3]]
            inline = { k1 = "v", "quoted key" = 1 }
            """;

    private final TomlKeyIndex index = TomlKeyIndex.of(TEXT);

    @Test
    void topLevelKeysAndValues() {
        assertThat(index.key("name")).contains(new TomlKeyIndex.Position(2, 1));
        assertThat(index.value("name")).contains(new TomlKeyIndex.Position(2, 8));
        assertThat(index.value("memory")).contains(new TomlKeyIndex.Position(3, 10));
    }

    @Test
    void tablesAndDottedKeys() {
        assertThat(index.key("cpu")).contains(new TomlKeyIndex.Position(5, 1));
        assertThat(index.key("cpu.model")).contains(new TomlKeyIndex.Position(6, 3));
        assertThat(index.key("cpu.topology.sockets")).contains(new TomlKeyIndex.Position(7, 3));
        assertThat(index.value("cpu.topology.sockets")).contains(new TomlKeyIndex.Position(7, 22));
    }

    @Test
    void arraysOfTablesAreNumberedAndSubTablesFollowTheLastElement() {
        assertThat(index.key("disks[0].path")).contains(new TomlKeyIndex.Position(10, 1));
        assertThat(index.key("disks[1]")).contains(new TomlKeyIndex.Position(11, 1));
        assertThat(index.key("disks[1].cache")).contains(new TomlKeyIndex.Position(15, 1));
        assertThat(index.key("disks[1].attachment.type")).contains(new TomlKeyIndex.Position(17, 1));
        assertThat(index.key("nics[0].mac")).contains(new TomlKeyIndex.Position(20, 1));
    }

    @Test
    void inlineArraysAndTables() {
        assertThat(index.value("nics[0].extra[0]")).contains(new TomlKeyIndex.Position(21, 10));
        assertThat(index.key("nics[0].extra[1].b")).contains(new TomlKeyIndex.Position(21, 22));
        assertThat(index.value("nics[0].extra[2]")).contains(new TomlKeyIndex.Position(21, 34));
        assertThat(index.key("nics[0].inline.quoted key")).contains(new TomlKeyIndex.Position(22, 22));
    }

    @Test
    void nearFallsBackToTheEnclosingKey() {
        assertThat(index.near("disks[1].attachment.lun")).contains(new TomlKeyIndex.Position(16, 1));
        assertThat(index.near("absent")).isEmpty();
    }

    @Test
    void findsTheSecondDefinitionOfADuplicateKey() {
        TomlKeyIndex dup = TomlKeyIndex.of("a = 1\n[t]\nb = 2\n  b = 3\n");
        assertThat(dup.firstDuplicate()).contains("t.b");
        assertThat(dup.duplicatePosition()).contains(new TomlKeyIndex.Position(4, 3));
    }
}
