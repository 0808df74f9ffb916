package io.jqemu.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** ISO 9660 images made for tests with Debian's genisoimage, run as a plain argv. */
final class IsoImages {
    private IsoImages() {
    }

    /** An ISO image {@code <name>.iso} in {@code dir} with volume id {@code name} holding one file. */
    static Path withFile(Path dir, String name, String fileName, String content) throws IOException, InterruptedException {
        Path tree = Files.createDirectories(dir.resolve(name + "-tree"));
        Files.writeString(tree.resolve(fileName), content);
        Path iso = dir.resolve(name + ".iso");
        Process p = new ProcessBuilder(List.of("genisoimage", "-quiet", "-r", "-V", name, "-o", iso.toString(),
                tree.toString())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("genisoimage failed (Debian package genisoimage): " + out);
        }
        return iso;
    }
}
