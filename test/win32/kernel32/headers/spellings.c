/* Header spellings taken from real Windows device code (Windows' file system ignores case);
 * headers other SDK libraries will add are tried when present. Compiling is the test. */
#include <WINDOWS.H>
#include <Windows.h>
#include <WinBase.h>
#include <WinNT.h>
#include <WinError.h>
#include <WinDef.h>
#include <WinReg.h>
#include <BaseTsd.h>
#include <Cfgmgr32.h>
#include <CfgMgr32.h>
#include <Devpkey.h>
#include <DevPropDef.h>
#include <Hidclass.h>
#include <InitGuid.h>
#include <Initguid.h>
#include <Usbiodef.h>
#include <Ntddstor.h>
#include <Ntddkbd.h>
#include <Ndisguid.h>
#include <Devguid.h>
#include <KsMedia.h>
#include <Strsafe.h>
#include <StrSafe.h>
#include <DriverSpecs.h>
#include <SpecStrings.h>
#include <Sal.h>
#include <TCHAR.H>
#include <Tchar.h>
#if __has_include("winuser.h")
#include <WinUser.h>
#endif
#if __has_include("dbt.h")
#include <Dbt.h>
#endif
#if __has_include("setupapi.h")
#include <SetupAPI.h>
#endif
#if __has_include("shlobj.h")
#include <ShlObj.h>
#endif
#if __has_include("winsvc.h")
#include <WinSvc.h>
#endif
#if __has_include("devquery.h")
#include <DevQuery.h>
#endif

int spellings_check(void);
int msvc_names_check(void);
int msvc_names_check_cxx(void);
int msvc_names_check_cxx_strict(void);
int msvc_names_check_gnu(void);

int spellings_check(void) {
  return IsEqualGUID(&GUID_DEVINTERFACE_HID, &GUID_DEVINTERFACE_HID) ? 0 : 1;
}

int main(void) {
  return spellings_check() + msvc_names_check() + msvc_names_check_gnu() + msvc_names_check_cxx() +
         msvc_names_check_cxx_strict();
}
