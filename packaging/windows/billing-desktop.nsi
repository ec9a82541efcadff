; Windows installer for Billing Desktop, compiled with NSIS 3 (makensis).
;
; Per-user install: no administrator rights, files under %LOCALAPPDATA%\Programs\Billing Desktop,
; a Start menu shortcut to the windowed billing-desktop-gui.exe, an uninstaller registered in
; "Apps & features" (HKCU). Installing a newer version over an older one upgrades in place: same
; folder, old program files replaced, and the user's settings, demo database and logs (which
; live elsewhere, in %LOCALAPPDATA%\billing-desktop, see billing_desktop/config.py) and the
; database password (Windows Credential Manager) are never touched, not even by the uninstaller.
;
;   makensis [/DPAYLOAD_DIR=<PyInstaller folder>] [/DOUTFILE=<setup.exe>] [/DICON=<.ico>] \
;            [/DSTORE_ONLY] packaging\windows\billing-desktop.nsi
;
; makensis works in this folder: relative paths below start here. Pass absolute ones with /D.
; The version is read from pyproject.toml, the project's one version source.

Unicode true
!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"

!define APP_NAME "Billing Desktop"
!define APP_ID "billing-desktop"
!define PUBLISHER "Billing Desktop team"
!define GUI_EXE "billing-desktop-gui.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"

; pyproject.toml's first `version = "..."` line is [project]'s (tests/test_packaging.py checks).
!ifndef VERSION
  !searchparse /file "../../pyproject.toml" `version = "` VERSION `"`
!endif
!searchparse /noerrors "${VERSION}" "" V_MAJOR "." V_MINOR "." V_PATCH
!ifndef PAYLOAD_DIR
  !define PAYLOAD_DIR "../../build/pyinstaller-dist/billing-desktop"
!endif
!ifndef OUTFILE
  !define OUTFILE "../../dist/billing-desktop-${VERSION}-windows-x64-setup.exe"
!endif

Name "${APP_NAME} ${VERSION}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${APP_NAME}"
; An earlier install's folder wins, so an upgrade lands where the old version is.
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
!ifdef STORE_ONLY  ; CI's compile check: the output is thrown away, compressing it is wasted time
  SetCompress off
!else
  SetCompressor /SOLID lzma
!endif
ShowInstDetails show
ShowUninstDetails show

VIProductVersion "${V_MAJOR}.${V_MINOR}.${V_PATCH}.0"
VIAddVersionKey "ProductName" "${APP_NAME}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "FileDescription" "${APP_NAME} installer"
VIAddVersionKey "CompanyName" "${PUBLISHER}"
VIAddVersionKey "LegalCopyright" "${PUBLISHER}"

!ifdef ICON
  !define MUI_ICON "${ICON}"
  !define MUI_UNICON "${ICON}"
!endif
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${GUI_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Start ${APP_NAME}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Function .onInit
  SetShellVarContext current
FunctionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

Section "Billing Desktop" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; Upgrade in place: drop the previous version's program files first, so no stale Qt or
  ; Python library of an older build lingers beside the new ones. User data is elsewhere.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\billing-desktop.exe"
  Delete "$INSTDIR\${GUI_EXE}"
  File /r "${PAYLOAD_DIR}/*"

  WriteUninstaller "$INSTDIR\Uninstall.exe"
  CreateShortCut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${GUI_EXE}" "" "$INSTDIR\${GUI_EXE}" 0

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${GUI_EXE}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\Uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "Uninstall"
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\billing-desktop.exe"
  Delete "$INSTDIR\${GUI_EXE}"
  Delete "$INSTDIR\Uninstall.exe"
  RMDir "$INSTDIR"  ; only if empty: never removes files the user put there
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  ; Settings, the demo database and logs in %LOCALAPPDATA%\billing-desktop stay, like the
  ; password in Credential Manager: a reinstall finds everything as it was.
SectionEnd
