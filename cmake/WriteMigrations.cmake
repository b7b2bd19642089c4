# Script mode: writes OUT, a C++ file holding every .sql file of DIR.
file(GLOB sql_files ${DIR}/*.sql)
list(SORT sql_files)
set(body "")
foreach(f ${sql_files})
  get_filename_component(name ${f} NAME)
  string(REGEX MATCH "^[0-9]+" version ${name})
  if(version STREQUAL "")
    message(FATAL_ERROR "migration ${name} must start with its number")
  endif()
  math(EXPR version "${version} + 0")
  file(READ ${f} text)
  string(APPEND body "      {${version}, \"${name}\", R\"fs_sql(${text})fs_sql\"},\n")
endforeach()
file(WRITE ${OUT} "// Generated from ${DIR}; do not edit.\n"
  "#include \"services/common/migrations.h\"\n\n"
  "namespace ${NS} {\n\n"
  "const std::vector<fieldservice::common::Migration>& EmbeddedMigrations() {\n"
  "  static const auto* migrations =\n"
  "      new std::vector<fieldservice::common::Migration>{\n${body}      };\n"
  "  return *migrations;\n}\n\n}  // namespace ${NS}\n")
