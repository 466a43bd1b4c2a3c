/** The project as a module: its tests are patched into it (surefire's --patch-module). */
module com.example.user {
  requires dev.multiproc;

  exports com.example.user;
}
