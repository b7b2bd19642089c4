# fs_embed_migrations(<target> <dir> <namespace>): compiles every NNNN_*.sql
# file in <dir> into <target> as `std::vector<Migration> EmbeddedMigrations()`
# in <namespace>, so a service binary carries its own schema.
function(fs_embed_migrations target dir ns)
  file(GLOB sql_files CONFIGURE_DEPENDS ${dir}/*.sql)
  list(SORT sql_files)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${target}_migrations.cc)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNS=${ns} -DDIR=${dir}
            -P ${CMAKE_SOURCE_DIR}/cmake/WriteMigrations.cmake
    DEPENDS ${sql_files} ${CMAKE_SOURCE_DIR}/cmake/WriteMigrations.cmake
    COMMENT "embedding migrations of ${target}")
  target_sources(${target} PRIVATE ${out})
endfunction()
