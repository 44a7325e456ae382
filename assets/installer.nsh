; Included by electron-builder's NSIS installer (electron-builder.yml nsis.include).
; electron-builder registers the `protocols` of electron-builder.yml in the macOS Info.plist and in
; the Linux .desktop file (MimeType=x-scheme-handler/…), but not on Windows: this registers
; cvm-console:// links with this installation, per user or per machine as installed (SHCTX), and
; removes them on uninstall. The `--` ends Chromium's switches, so nothing inside a link can be
; read as a command-line switch; the link is always one quoted argument.
!macro customInstall
  WriteRegStr SHCTX "Software\Classes\cvm-console" "" "URL:CVM Console link"
  WriteRegStr SHCTX "Software\Classes\cvm-console" "URL Protocol" ""
  WriteRegStr SHCTX "Software\Classes\cvm-console\DefaultIcon" "" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  WriteRegStr SHCTX "Software\Classes\cvm-console\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" -- "%1"'
!macroend

!macro customUnInstall
  DeleteRegKey SHCTX "Software\Classes\cvm-console"
!macroend
