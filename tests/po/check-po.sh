#!/bin/sh
# The zh_CN catalogue is complete for the sources as they are: every source file with a
# translatable string is in POTFILES.in, and every string xgettext finds there (with the
# glib preset meson uses) has a translation that is neither missing nor fuzzy.
set -eu
top="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0

# Files with _( N_( C_( NC_( or ngettext ( that POTFILES.in does not list.
grep -v '^#' "$top/po/POTFILES.in" | sed '/^$/d' | sort > "$work/listed"
( cd "$top" && grep -rlE '(^|[^a-zA-Z0-9_])(N?C?_|ngettext) \(' src --include='*.c' | sort ) > "$work/used"
missing="$(comm -23 "$work/used" "$work/listed")"
if [ -n "$missing" ]; then
  echo "Sources with translatable strings missing from po/POTFILES.in:"
  echo "$missing"
  status=1
fi

# The strings of the sources as they are now, against the catalogue.
( cd "$top" && xgettext --from-code=UTF-8 --add-comments=TRANSLATORS --keyword=_ --keyword=N_ \
    --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 \
    --keyword=g_dpgettext2:2c,3 --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format \
    --flag=NC_:2:pass-c-format --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
    --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
    --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format --flag=g_markup_printf_escaped:1:c-format \
    --flag=g_log:3:c-format --flag=g_print:1:c-format --flag=g_printerr:1:c-format \
    --flag=g_printf:1:c-format --flag=g_fprintf:2:c-format --flag=g_sprintf:2:c-format \
    --flag=g_snprintf:3:c-format -f po/POTFILES.in -o "$work/now.pot" 2> "$work/xgettext.err" ) || {
  cat "$work/xgettext.err"; exit 1; }
msgmerge --quiet --no-fuzzy-matching "$top/po/zh_CN.po" "$work/now.pot" -o "$work/merged.po"
untranslated="$(msgattrib --untranslated --no-obsolete "$work/merged.po" | grep -c '^msgid ' || true)"
fuzzy="$(msgattrib --only-fuzzy --no-obsolete "$work/merged.po" | grep -c '^msgid ' || true)"
# msgattrib prints the header entry (msgid "") too when it has anything to print.
[ "$untranslated" -gt 0 ] && untranslated=$((untranslated - 1))
[ "$fuzzy" -gt 0 ] && fuzzy=$((fuzzy - 1))
if [ "$untranslated" -ne 0 ] || [ "$fuzzy" -ne 0 ]; then
  echo "po/zh_CN.po: $untranslated strings without a translation, $fuzzy fuzzy:"
  msgattrib --untranslated --no-obsolete "$work/merged.po" | grep '^msgid ' | sed 1d | head -20
  status=1
fi
msgfmt --check -o /dev/null "$top/po/zh_CN.po" || status=1
[ "$status" -eq 0 ] && echo "zh_CN: every string of the sources is translated"
exit "$status"
