package io.github.stem4d.lock.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** File system types where OS file locks are unreliable. */
class FileLockEngineTypesTest {

    @ParameterizedTest
    @ValueSource(strings = {"nfs", "nfs4", "NFS", "cifs", "smb3", "smbfs", "fuse", "fuse.sshfs", "fuseblk", "9p"})
    void networkAndFuseTypesAreUnreliable(String type) {
        assertTrue(FileLockEngine.isUnreliable(type), type);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ext4", "xfs", "btrfs", "tmpfs", "zfs", "apfs", "NTFS", "overlay"})
    void localTypesAreReliable(String type) {
        assertFalse(FileLockEngine.isUnreliable(type), type);
    }
}
