package io.jqemu.launcher.host.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link FileTrees#delete}: the whole tree goes, symbolic links go without what they point to. */
class FileTreesTest {

    @TempDir
    Path dir;

    @Test
    void removesTheTreeAndItsLinksButNotWhatTheyPointTo() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path kept = Files.writeString(outside.resolve("kept"), "x");
        Path tree = Files.createDirectories(dir.resolve("tree/a/b"));
        Files.writeString(tree.resolve("file"), "y");
        Files.createSymbolicLink(dir.resolve("tree/a/to-dir"), outside);
        Files.createSymbolicLink(dir.resolve("tree/to-file"), kept);
        Files.createSymbolicLink(dir.resolve("tree/dangling"), dir.resolve("nowhere"));

        FileTrees.delete(dir.resolve("tree"));

        assertThat(dir.resolve("tree")).doesNotExist();
        assertThat(kept).hasContent("x");
    }

    @Test
    void aLinkAsTheRootIsRemovedItself() throws Exception {
        Path target = Files.createDirectories(dir.resolve("target"));
        Files.writeString(target.resolve("kept"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);

        FileTrees.delete(link);

        assertThat(Files.exists(link, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(target.resolve("kept")).hasContent("x");
    }
}
