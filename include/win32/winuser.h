/* winuser.h: windows without a screen and their message machinery (window classes, message-only
 * and hidden top-level windows, per-thread message queues, posted and sent messages, timers,
 * MsgWaitForMultipleObjects) and RegisterDeviceNotification, which delivers WM_DEVICECHANGE.
 *
 * Part of cmnotify's Windows-source-compatibility headers (include/win32).
 *  - Nothing is ever drawn: a window is an HWND with a class, a window procedure, its long values
 *    and extra bytes, an owning thread and a parent. ShowWindow only records WS_VISIBLE.
 *  - A thread's message queue is created on first use (any call of this header that needs it),
 *    as on Windows, and ends with the thread, which destroys the thread's windows without calling
 *    their window procedure (the thread is gone) and fails the messages sent to them.
 *  - A message sent to a window of another thread runs in that thread while it is inside
 *    GetMessage, PeekMessage, WaitMessage, SendMessage or MsgWaitForMultipleObjects(Ex); the
 *    sender waits and meanwhile handles the messages sent to its own thread.
 *  - The ANSI forms take UTF-8 text. A window's procedure is called with the parameters as they
 *    were sent: there is no A/W translation of messages.
 *  - RegisterDeviceNotification delivers WM_DEVICECHANGE the way Windows does: sent to the window
 *    on its own thread, never posted (see dbt.h and docs/win32-api.md). */
#ifndef CMNOTIFY_WIN32_WINUSER_H
#define CMNOTIFY_WIN32_WINUSER_H

#include "minwindef.h"
#include "windef.h"
#include "winnt.h"

/* Resource and atom names passed where a string is expected. */
#define IS_INTRESOURCE(r) ((((ULONG_PTR)(r)) >> 16) == 0)
#define MAKEINTRESOURCEA(i) ((LPSTR)((ULONG_PTR)((WORD)(i))))
#define MAKEINTRESOURCEW(i) ((LPWSTR)((ULONG_PTR)((WORD)(i))))
#define MAKEINTATOM(i) ((LPTSTR)((ULONG_PTR)((WORD)(i))))
#ifdef UNICODE
#define MAKEINTRESOURCE MAKEINTRESOURCEW
#else
#define MAKEINTRESOURCE MAKEINTRESOURCEA
#endif

typedef LRESULT(CALLBACK *WNDPROC)(HWND, UINT, WPARAM, LPARAM);
typedef VOID(CALLBACK *TIMERPROC)(HWND, UINT, UINT_PTR, DWORD);
typedef VOID(CALLBACK *SENDASYNCPROC)(HWND, UINT, ULONG_PTR, LRESULT);

/* Window classes. */
#define CS_VREDRAW 0x0001
#define CS_HREDRAW 0x0002
#define CS_DBLCLKS 0x0008
#define CS_OWNDC 0x0020
#define CS_CLASSDC 0x0040
#define CS_PARENTDC 0x0080
#define CS_NOCLOSE 0x0200
#define CS_SAVEBITS 0x0800
#define CS_BYTEALIGNCLIENT 0x1000
#define CS_BYTEALIGNWINDOW 0x2000
#define CS_GLOBALCLASS 0x4000
#define CS_DROPSHADOW 0x00020000

typedef struct tagWNDCLASSA {
  UINT style;
  WNDPROC lpfnWndProc;
  int cbClsExtra;
  int cbWndExtra;
  HINSTANCE hInstance;
  HICON hIcon;
  HCURSOR hCursor;
  HBRUSH hbrBackground;
  LPCSTR lpszMenuName;
  LPCSTR lpszClassName;
} WNDCLASSA, *PWNDCLASSA, *NPWNDCLASSA, *LPWNDCLASSA;

typedef struct tagWNDCLASSW {
  UINT style;
  WNDPROC lpfnWndProc;
  int cbClsExtra;
  int cbWndExtra;
  HINSTANCE hInstance;
  HICON hIcon;
  HCURSOR hCursor;
  HBRUSH hbrBackground;
  LPCWSTR lpszMenuName;
  LPCWSTR lpszClassName;
} WNDCLASSW, *PWNDCLASSW, *NPWNDCLASSW, *LPWNDCLASSW;

typedef struct tagWNDCLASSEXA {
  UINT cbSize;
  UINT style;
  WNDPROC lpfnWndProc;
  int cbClsExtra;
  int cbWndExtra;
  HINSTANCE hInstance;
  HICON hIcon;
  HCURSOR hCursor;
  HBRUSH hbrBackground;
  LPCSTR lpszMenuName;
  LPCSTR lpszClassName;
  HICON hIconSm;
} WNDCLASSEXA, *PWNDCLASSEXA, *NPWNDCLASSEXA, *LPWNDCLASSEXA;

typedef struct tagWNDCLASSEXW {
  UINT cbSize;
  UINT style;
  WNDPROC lpfnWndProc;
  int cbClsExtra;
  int cbWndExtra;
  HINSTANCE hInstance;
  HICON hIcon;
  HCURSOR hCursor;
  HBRUSH hbrBackground;
  LPCWSTR lpszMenuName;
  LPCWSTR lpszClassName;
  HICON hIconSm;
} WNDCLASSEXW, *PWNDCLASSEXW, *NPWNDCLASSEXW, *LPWNDCLASSEXW;

typedef struct tagCREATESTRUCTA {
  LPVOID lpCreateParams;
  HINSTANCE hInstance;
  HMENU hMenu;
  HWND hwndParent;
  int cy;
  int cx;
  int y;
  int x;
  LONG style;
  LPCSTR lpszName;
  LPCSTR lpszClass;
  DWORD dwExStyle;
} CREATESTRUCTA, *LPCREATESTRUCTA;

typedef struct tagCREATESTRUCTW {
  LPVOID lpCreateParams;
  HINSTANCE hInstance;
  HMENU hMenu;
  HWND hwndParent;
  int cy;
  int cx;
  int y;
  int x;
  LONG style;
  LPCWSTR lpszName;
  LPCWSTR lpszClass;
  DWORD dwExStyle;
} CREATESTRUCTW, *LPCREATESTRUCTW;

typedef struct tagMSG {
  HWND hwnd;
  UINT message;
  WPARAM wParam;
  LPARAM lParam;
  DWORD time;
  POINT pt;
} MSG, *PMSG, *NPMSG, *LPMSG;

/* Window styles. */
#define WS_OVERLAPPED 0x00000000L
#define WS_POPUP 0x80000000L
#define WS_CHILD 0x40000000L
#define WS_MINIMIZE 0x20000000L
#define WS_VISIBLE 0x10000000L
#define WS_DISABLED 0x08000000L
#define WS_CLIPSIBLINGS 0x04000000L
#define WS_CLIPCHILDREN 0x02000000L
#define WS_MAXIMIZE 0x01000000L
#define WS_CAPTION 0x00C00000L
#define WS_BORDER 0x00800000L
#define WS_DLGFRAME 0x00400000L
#define WS_VSCROLL 0x00200000L
#define WS_HSCROLL 0x00100000L
#define WS_SYSMENU 0x00080000L
#define WS_THICKFRAME 0x00040000L
#define WS_GROUP 0x00020000L
#define WS_TABSTOP 0x00010000L
#define WS_MINIMIZEBOX 0x00020000L
#define WS_MAXIMIZEBOX 0x00010000L
#define WS_TILED WS_OVERLAPPED
#define WS_ICONIC WS_MINIMIZE
#define WS_SIZEBOX WS_THICKFRAME
#define WS_OVERLAPPEDWINDOW \
  (WS_OVERLAPPED | WS_CAPTION | WS_SYSMENU | WS_THICKFRAME | WS_MINIMIZEBOX | WS_MAXIMIZEBOX)
#define WS_TILEDWINDOW WS_OVERLAPPEDWINDOW
#define WS_POPUPWINDOW (WS_POPUP | WS_BORDER | WS_SYSMENU)
#define WS_CHILDWINDOW WS_CHILD

#define WS_EX_DLGMODALFRAME 0x00000001L
#define WS_EX_NOPARENTNOTIFY 0x00000004L
#define WS_EX_TOPMOST 0x00000008L
#define WS_EX_ACCEPTFILES 0x00000010L
#define WS_EX_TRANSPARENT 0x00000020L
#define WS_EX_MDICHILD 0x00000040L
#define WS_EX_TOOLWINDOW 0x00000080L
#define WS_EX_WINDOWEDGE 0x00000100L
#define WS_EX_CLIENTEDGE 0x00000200L
#define WS_EX_CONTEXTHELP 0x00000400L
#define WS_EX_RIGHT 0x00001000L
#define WS_EX_LEFT 0x00000000L
#define WS_EX_APPWINDOW 0x00040000L
#define WS_EX_LAYERED 0x00080000L
#define WS_EX_NOACTIVATE 0x08000000L
#define WS_EX_OVERLAPPEDWINDOW (WS_EX_WINDOWEDGE | WS_EX_CLIENTEDGE)

#define CW_USEDEFAULT ((int)0x80000000)

/* Special window handles. */
#define HWND_BROADCAST ((HWND)0xffff)
#define HWND_MESSAGE ((HWND)-3)
#define HWND_TOP ((HWND)0)
#define HWND_BOTTOM ((HWND)1)
#define HWND_TOPMOST ((HWND)-1)
#define HWND_NOTOPMOST ((HWND)-2)

/* Get/SetWindowLong(Ptr) and Get/SetClassLong(Ptr) indexes. */
#define GWL_WNDPROC (-4)
#define GWL_HINSTANCE (-6)
#define GWL_HWNDPARENT (-8)
#define GWL_STYLE (-16)
#define GWL_EXSTYLE (-20)
#define GWL_USERDATA (-21)
#define GWL_ID (-12)
#define GWLP_WNDPROC (-4)
#define GWLP_HINSTANCE (-6)
#define GWLP_HWNDPARENT (-8)
#define GWLP_USERDATA (-21)
#define GWLP_ID (-12)
#define DWLP_MSGRESULT 0

/* ShowWindow. */
#define SW_HIDE 0
#define SW_SHOWNORMAL 1
#define SW_NORMAL 1
#define SW_SHOWMINIMIZED 2
#define SW_SHOWMAXIMIZED 3
#define SW_MAXIMIZE 3
#define SW_SHOWNOACTIVATE 4
#define SW_SHOW 5
#define SW_MINIMIZE 6
#define SW_SHOWMINNOACTIVE 7
#define SW_SHOWNA 8
#define SW_RESTORE 9
#define SW_SHOWDEFAULT 10
#define SW_FORCEMINIMIZE 11

/* Messages. */
#define WM_NULL 0x0000
#define WM_CREATE 0x0001
#define WM_DESTROY 0x0002
#define WM_MOVE 0x0003
#define WM_SIZE 0x0005
#define WM_ACTIVATE 0x0006
#define WM_SETFOCUS 0x0007
#define WM_KILLFOCUS 0x0008
#define WM_ENABLE 0x000A
#define WM_SETTEXT 0x000C
#define WM_GETTEXT 0x000D
#define WM_GETTEXTLENGTH 0x000E
#define WM_PAINT 0x000F
#define WM_CLOSE 0x0010
#define WM_QUERYENDSESSION 0x0011
#define WM_QUIT 0x0012
#define WM_ERASEBKGND 0x0014
#define WM_SYSCOLORCHANGE 0x0015
#define WM_ENDSESSION 0x0016
#define WM_SHOWWINDOW 0x0018
#define WM_SETTINGCHANGE 0x001A
#define WM_WININICHANGE 0x001A
#define WM_ACTIVATEAPP 0x001C
#define WM_TIMECHANGE 0x001E
#define WM_GETMINMAXINFO 0x0024
#define WM_WINDOWPOSCHANGING 0x0046
#define WM_WINDOWPOSCHANGED 0x0047
#define WM_POWER 0x0048
#define WM_COPYDATA 0x004A
#define WM_NOTIFY 0x004E
#define WM_USERCHANGED 0x0054
#define WM_GETICON 0x007F
#define WM_SETICON 0x0080
#define WM_NCCREATE 0x0081
#define WM_NCDESTROY 0x0082
#define WM_NCCALCSIZE 0x0083
#define WM_NCACTIVATE 0x0086
#define WM_KEYDOWN 0x0100
#define WM_KEYUP 0x0101
#define WM_CHAR 0x0102
#define WM_DEADCHAR 0x0103
#define WM_SYSKEYDOWN 0x0104
#define WM_SYSKEYUP 0x0105
#define WM_SYSCHAR 0x0106
#define WM_SYSDEADCHAR 0x0107
#define WM_KEYFIRST 0x0100
#define WM_KEYLAST 0x0109
#define WM_INITDIALOG 0x0110
#define WM_COMMAND 0x0111
#define WM_SYSCOMMAND 0x0112
#define WM_TIMER 0x0113
#define WM_MOUSEFIRST 0x0200
#define WM_MOUSEMOVE 0x0200
#define WM_LBUTTONDOWN 0x0201
#define WM_LBUTTONUP 0x0202
#define WM_RBUTTONDOWN 0x0204
#define WM_RBUTTONUP 0x0205
#define WM_MOUSELAST 0x020E
#define WM_POWERBROADCAST 0x0218
#define WM_DEVICECHANGE 0x0219
#define WM_INPUT_DEVICE_CHANGE 0x00FE
#define WM_INPUT 0x00FF
#define WM_HOTKEY 0x0312
#define WM_USER 0x0400
#define WM_APP 0x8000

/* WM_POWERBROADCAST's wParam. */
#define PBT_APMSUSPEND 0x0004
#define PBT_APMRESUMESUSPEND 0x0007
#define PBT_APMPOWERSTATUSCHANGE 0x000A
#define PBT_APMRESUMEAUTOMATIC 0x0012
#define PBT_POWERSETTINGCHANGE 0x8013

/* PeekMessage. */
#define PM_NOREMOVE 0x0000
#define PM_REMOVE 0x0001
#define PM_NOYIELD 0x0002

/* Queue status bits: GetQueueStatus and the wake mask of MsgWaitForMultipleObjects(Ex). */
#define QS_KEY 0x0001
#define QS_MOUSEMOVE 0x0002
#define QS_MOUSEBUTTON 0x0004
#define QS_POSTMESSAGE 0x0008
#define QS_TIMER 0x0010
#define QS_PAINT 0x0020
#define QS_SENDMESSAGE 0x0040
#define QS_HOTKEY 0x0080
#define QS_ALLPOSTMESSAGE 0x0100
#define QS_RAWINPUT 0x0400
#define QS_TOUCH 0x0800
#define QS_POINTER 0x1000
#define QS_MOUSE (QS_MOUSEMOVE | QS_MOUSEBUTTON)
#define QS_INPUT (QS_MOUSE | QS_KEY | QS_RAWINPUT | QS_TOUCH | QS_POINTER)
#define QS_ALLEVENTS (QS_INPUT | QS_POSTMESSAGE | QS_TIMER | QS_PAINT | QS_HOTKEY)
#define QS_ALLINPUT (QS_INPUT | QS_POSTMESSAGE | QS_TIMER | QS_PAINT | QS_HOTKEY | QS_SENDMESSAGE)

#define PM_QS_INPUT (QS_INPUT << 16)
#define PM_QS_POSTMESSAGE ((QS_POSTMESSAGE | QS_HOTKEY | QS_TIMER) << 16)
#define PM_QS_PAINT (QS_PAINT << 16)
#define PM_QS_SENDMESSAGE (QS_SENDMESSAGE << 16)

/* MsgWaitForMultipleObjectsEx's flags. */
#define MWMO_WAITALL 0x0001
#define MWMO_ALERTABLE 0x0002
#define MWMO_INPUTAVAILABLE 0x0004

/* SendMessageTimeout's flags. */
#define SMTO_NORMAL 0x0000
#define SMTO_BLOCK 0x0001
#define SMTO_ABORTIFHUNG 0x0002
#define SMTO_NOTIMEOUTIFNOTHUNG 0x0008
#define SMTO_ERRORONEXIT 0x0020

/* InSendMessageEx. */
#define ISMEX_NOSEND 0x00000000
#define ISMEX_SEND 0x00000001
#define ISMEX_NOTIFY 0x00000002
#define ISMEX_CALLBACK 0x00000004
#define ISMEX_REPLIED 0x00000008

/* Timers: the shortest and longest intervals SetTimer uses. */
#define USER_TIMER_MINIMUM 0x0000000A
#define USER_TIMER_MAXIMUM 0x7FFFFFFF

/* The EDIT control (a system class): its styles and messages. */
#define ES_LEFT 0x0000L
#define ES_CENTER 0x0001L
#define ES_RIGHT 0x0002L
#define ES_MULTILINE 0x0004L
#define ES_UPPERCASE 0x0008L
#define ES_LOWERCASE 0x0010L
#define ES_PASSWORD 0x0020L
#define ES_AUTOVSCROLL 0x0040L
#define ES_AUTOHSCROLL 0x0080L
#define ES_NOHIDESEL 0x0100L
#define ES_READONLY 0x0800L
#define ES_WANTRETURN 0x1000L
#define EM_GETSEL 0x00B0
#define EM_SETSEL 0x00B1
#define EM_LINESCROLL 0x00B6
#define EM_GETLINECOUNT 0x00BA
#define EM_LINEINDEX 0x00BB
#define EM_LINELENGTH 0x00C1
#define EM_REPLACESEL 0x00C2
#define EM_LINEFROMCHAR 0x00C9
#define EM_GETFIRSTVISIBLELINE 0x00CE
#define EM_SETREADONLY 0x00CF
#define WM_SETREDRAW 0x000B

/* MessageBox: the buttons, icons and default button of uType, and the answers. */
#define MB_OK 0x00000000L
#define MB_OKCANCEL 0x00000001L
#define MB_ABORTRETRYIGNORE 0x00000002L
#define MB_YESNOCANCEL 0x00000003L
#define MB_YESNO 0x00000004L
#define MB_RETRYCANCEL 0x00000005L
#define MB_CANCELTRYCONTINUE 0x00000006L
#define MB_ICONHAND 0x00000010L
#define MB_ICONQUESTION 0x00000020L
#define MB_ICONEXCLAMATION 0x00000030L
#define MB_ICONASTERISK 0x00000040L
#define MB_ICONERROR MB_ICONHAND
#define MB_ICONSTOP MB_ICONHAND
#define MB_ICONWARNING MB_ICONEXCLAMATION
#define MB_ICONINFORMATION MB_ICONASTERISK
#define MB_DEFBUTTON1 0x00000000L
#define MB_DEFBUTTON2 0x00000100L
#define MB_DEFBUTTON3 0x00000200L
#define MB_DEFBUTTON4 0x00000300L
#define MB_APPLMODAL 0x00000000L
#define MB_SYSTEMMODAL 0x00001000L
#define MB_TASKMODAL 0x00002000L
#define MB_SETFOREGROUND 0x00010000L
#define MB_TOPMOST 0x00040000L
#define MB_TYPEMASK 0x0000000FL
#define MB_ICONMASK 0x000000F0L
#define MB_DEFMASK 0x00000F00L
#define IDOK 1
#define IDCANCEL 2
#define IDABORT 3
#define IDRETRY 4
#define IDIGNORE 5
#define IDYES 6
#define IDNO 7
#define IDTRYAGAIN 10
#define IDCONTINUE 11

/* The predefined icons and cursors of LoadIcon / LoadCursor (hInstance NULL). */
#define IDI_APPLICATION MAKEINTRESOURCE(32512)
#define IDI_HAND MAKEINTRESOURCE(32513)
#define IDI_QUESTION MAKEINTRESOURCE(32514)
#define IDI_EXCLAMATION MAKEINTRESOURCE(32515)
#define IDI_ASTERISK MAKEINTRESOURCE(32516)
#define IDI_WINLOGO MAKEINTRESOURCE(32517)
#define IDI_SHIELD MAKEINTRESOURCE(32518)
#define IDI_WARNING IDI_EXCLAMATION
#define IDI_ERROR IDI_HAND
#define IDI_INFORMATION IDI_ASTERISK
#define IDC_ARROW MAKEINTRESOURCE(32512)
#define IDC_IBEAM MAKEINTRESOURCE(32513)
#define IDC_WAIT MAKEINTRESOURCE(32514)
#define IDC_CROSS MAKEINTRESOURCE(32515)
#define IDC_UPARROW MAKEINTRESOURCE(32516)
#define IDC_SIZENWSE MAKEINTRESOURCE(32642)
#define IDC_SIZENESW MAKEINTRESOURCE(32643)
#define IDC_SIZEWE MAKEINTRESOURCE(32644)
#define IDC_SIZENS MAKEINTRESOURCE(32645)
#define IDC_SIZEALL MAKEINTRESOURCE(32646)
#define IDC_NO MAKEINTRESOURCE(32648)
#define IDC_HAND MAKEINTRESOURCE(32649)
#define IDC_APPSTARTING MAKEINTRESOURCE(32650)
#define IDC_HELP MAKEINTRESOURCE(32651)

/* RegisterDeviceNotification: the recipient kind and the filter's options. */
typedef PVOID HDEVNOTIFY;
typedef HDEVNOTIFY *PHDEVNOTIFY;
#define DEVICE_NOTIFY_WINDOW_HANDLE 0x00000000
#define DEVICE_NOTIFY_SERVICE_HANDLE 0x00000001
#define DEVICE_NOTIFY_CALLBACK 0x00000002
#define DEVICE_NOTIFY_ALL_INTERFACE_CLASSES 0x00000004

EXTERN_C_START

/* Window classes (an atom in 0xC000..0xFFFF; the class is named by that atom or its name). */
WINUSERAPI ATOM WINAPI RegisterClassA(_In_ CONST WNDCLASSA *lpWndClass);
WINUSERAPI ATOM WINAPI RegisterClassW(_In_ CONST WNDCLASSW *lpWndClass);
WINUSERAPI ATOM WINAPI RegisterClassExA(_In_ CONST WNDCLASSEXA *lpWndClass);
WINUSERAPI ATOM WINAPI RegisterClassExW(_In_ CONST WNDCLASSEXW *lpWndClass);
WINUSERAPI BOOL WINAPI UnregisterClassA(_In_ LPCSTR lpClassName, _In_opt_ HINSTANCE hInstance);
WINUSERAPI BOOL WINAPI UnregisterClassW(_In_ LPCWSTR lpClassName, _In_opt_ HINSTANCE hInstance);
WINUSERAPI BOOL WINAPI GetClassInfoExA(_In_opt_ HINSTANCE hInstance, _In_ LPCSTR lpszClass,
                                       _Out_ LPWNDCLASSEXA lpwcx);
WINUSERAPI BOOL WINAPI GetClassInfoExW(_In_opt_ HINSTANCE hInstance, _In_ LPCWSTR lpszClass,
                                       _Out_ LPWNDCLASSEXW lpwcx);

/* Windows. */
WINUSERAPI HWND WINAPI CreateWindowExA(_In_ DWORD dwExStyle, _In_opt_ LPCSTR lpClassName,
                                       _In_opt_ LPCSTR lpWindowName, _In_ DWORD dwStyle,
                                       _In_ int X, _In_ int Y, _In_ int nWidth, _In_ int nHeight,
                                       _In_opt_ HWND hWndParent, _In_opt_ HMENU hMenu,
                                       _In_opt_ HINSTANCE hInstance, _In_opt_ LPVOID lpParam);
WINUSERAPI HWND WINAPI CreateWindowExW(_In_ DWORD dwExStyle, _In_opt_ LPCWSTR lpClassName,
                                       _In_opt_ LPCWSTR lpWindowName, _In_ DWORD dwStyle,
                                       _In_ int X, _In_ int Y, _In_ int nWidth, _In_ int nHeight,
                                       _In_opt_ HWND hWndParent, _In_opt_ HMENU hMenu,
                                       _In_opt_ HINSTANCE hInstance, _In_opt_ LPVOID lpParam);
#define CreateWindowA(c, n, s, x, y, w, h, p, m, i, l) \
  CreateWindowExA(0L, c, n, s, x, y, w, h, p, m, i, l)
#define CreateWindowW(c, n, s, x, y, w, h, p, m, i, l) \
  CreateWindowExW(0L, c, n, s, x, y, w, h, p, m, i, l)
WINUSERAPI BOOL WINAPI DestroyWindow(_In_ HWND hWnd);
WINUSERAPI BOOL WINAPI IsWindow(_In_opt_ HWND hWnd);
WINUSERAPI BOOL WINAPI IsWindowVisible(_In_ HWND hWnd);
WINUSERAPI BOOL WINAPI ShowWindow(_In_ HWND hWnd, _In_ int nCmdShow);
WINUSERAPI BOOL WINAPI UpdateWindow(_In_ HWND hWnd);
WINUSERAPI DWORD WINAPI GetWindowThreadProcessId(_In_ HWND hWnd, _Out_opt_ LPDWORD lpdwProcessId);
WINUSERAPI HWND WINAPI GetParent(_In_ HWND hWnd);
WINUSERAPI LRESULT WINAPI DefWindowProcA(_In_ HWND hWnd, _In_ UINT Msg, _In_ WPARAM wParam,
                                         _In_ LPARAM lParam);
WINUSERAPI LRESULT WINAPI DefWindowProcW(_In_ HWND hWnd, _In_ UINT Msg, _In_ WPARAM wParam,
                                         _In_ LPARAM lParam);
WINUSERAPI LRESULT WINAPI CallWindowProcA(_In_ WNDPROC lpPrevWndFunc, _In_ HWND hWnd,
                                          _In_ UINT Msg, _In_ WPARAM wParam, _In_ LPARAM lParam);
WINUSERAPI LRESULT WINAPI CallWindowProcW(_In_ WNDPROC lpPrevWndFunc, _In_ HWND hWnd,
                                          _In_ UINT Msg, _In_ WPARAM wParam, _In_ LPARAM lParam);
WINUSERAPI LONG_PTR WINAPI GetWindowLongPtrA(_In_ HWND hWnd, _In_ int nIndex);
WINUSERAPI LONG_PTR WINAPI GetWindowLongPtrW(_In_ HWND hWnd, _In_ int nIndex);
WINUSERAPI LONG_PTR WINAPI SetWindowLongPtrA(_In_ HWND hWnd, _In_ int nIndex,
                                             _In_ LONG_PTR dwNewLong);
WINUSERAPI LONG_PTR WINAPI SetWindowLongPtrW(_In_ HWND hWnd, _In_ int nIndex,
                                             _In_ LONG_PTR dwNewLong);
WINUSERAPI LONG WINAPI GetWindowLongA(_In_ HWND hWnd, _In_ int nIndex);
WINUSERAPI LONG WINAPI GetWindowLongW(_In_ HWND hWnd, _In_ int nIndex);
WINUSERAPI LONG WINAPI SetWindowLongA(_In_ HWND hWnd, _In_ int nIndex, _In_ LONG dwNewLong);
WINUSERAPI LONG WINAPI SetWindowLongW(_In_ HWND hWnd, _In_ int nIndex, _In_ LONG dwNewLong);
WINUSERAPI BOOL WINAPI MoveWindow(_In_ HWND hWnd, _In_ int X, _In_ int Y, _In_ int nWidth,
                                  _In_ int nHeight, _In_ BOOL bRepaint);
WINUSERAPI HWND WINAPI SetFocus(_In_opt_ HWND hWnd);
WINUSERAPI HWND WINAPI GetFocus(void);

/* No screen: a message box is written to standard error and answered with its default button;
 * an icon or cursor is a handle that names a predefined one (nothing is drawn). */
WINUSERAPI int WINAPI MessageBoxA(_In_opt_ HWND hWnd, _In_opt_ LPCSTR lpText,
                                  _In_opt_ LPCSTR lpCaption, _In_ UINT uType);
WINUSERAPI int WINAPI MessageBoxW(_In_opt_ HWND hWnd, _In_opt_ LPCWSTR lpText,
                                  _In_opt_ LPCWSTR lpCaption, _In_ UINT uType);
WINUSERAPI HICON WINAPI LoadIconA(_In_opt_ HINSTANCE hInstance, _In_ LPCSTR lpIconName);
WINUSERAPI HICON WINAPI LoadIconW(_In_opt_ HINSTANCE hInstance, _In_ LPCWSTR lpIconName);
WINUSERAPI HCURSOR WINAPI LoadCursorA(_In_opt_ HINSTANCE hInstance, _In_ LPCSTR lpCursorName);
WINUSERAPI HCURSOR WINAPI LoadCursorW(_In_opt_ HINSTANCE hInstance, _In_ LPCWSTR lpCursorName);
WINUSERAPI BOOL WINAPI DestroyIcon(_In_ HICON hIcon);
WINUSERAPI BOOL WINAPI DestroyCursor(_In_ HCURSOR hCursor);

/* Messages and queues. */
WINUSERAPI BOOL WINAPI GetMessageA(_Out_ LPMSG lpMsg, _In_opt_ HWND hWnd, _In_ UINT wMsgFilterMin,
                                   _In_ UINT wMsgFilterMax);
WINUSERAPI BOOL WINAPI GetMessageW(_Out_ LPMSG lpMsg, _In_opt_ HWND hWnd, _In_ UINT wMsgFilterMin,
                                   _In_ UINT wMsgFilterMax);
WINUSERAPI BOOL WINAPI PeekMessageA(_Out_ LPMSG lpMsg, _In_opt_ HWND hWnd,
                                    _In_ UINT wMsgFilterMin, _In_ UINT wMsgFilterMax,
                                    _In_ UINT wRemoveMsg);
WINUSERAPI BOOL WINAPI PeekMessageW(_Out_ LPMSG lpMsg, _In_opt_ HWND hWnd,
                                    _In_ UINT wMsgFilterMin, _In_ UINT wMsgFilterMax,
                                    _In_ UINT wRemoveMsg);
WINUSERAPI BOOL WINAPI WaitMessage(VOID);
WINUSERAPI BOOL WINAPI TranslateMessage(_In_ CONST MSG *lpMsg);
WINUSERAPI LRESULT WINAPI DispatchMessageA(_In_ CONST MSG *lpMsg);
WINUSERAPI LRESULT WINAPI DispatchMessageW(_In_ CONST MSG *lpMsg);
WINUSERAPI BOOL WINAPI PostMessageA(_In_opt_ HWND hWnd, _In_ UINT Msg, _In_ WPARAM wParam,
                                    _In_ LPARAM lParam);
WINUSERAPI BOOL WINAPI PostMessageW(_In_opt_ HWND hWnd, _In_ UINT Msg, _In_ WPARAM wParam,
                                    _In_ LPARAM lParam);
WINUSERAPI BOOL WINAPI PostThreadMessageA(_In_ DWORD idThread, _In_ UINT Msg, _In_ WPARAM wParam,
                                          _In_ LPARAM lParam);
WINUSERAPI BOOL WINAPI PostThreadMessageW(_In_ DWORD idThread, _In_ UINT Msg, _In_ WPARAM wParam,
                                          _In_ LPARAM lParam);
WINUSERAPI LRESULT WINAPI SendMessageA(_In_ HWND hWnd, _In_ UINT Msg, _In_ WPARAM wParam,
                                       _In_ LPARAM lParam);
WINUSERAPI LRESULT WINAPI SendMessageW(_In_ HWND hWnd, _In_ UINT Msg, _In_ WPARAM wParam,
                                       _In_ LPARAM lParam);
WINUSERAPI LRESULT WINAPI SendMessageTimeoutA(_In_ HWND hWnd, _In_ UINT Msg, _In_ WPARAM wParam,
                                              _In_ LPARAM lParam, _In_ UINT fuFlags,
                                              _In_ UINT uTimeout,
                                              _Out_opt_ PDWORD_PTR lpdwResult);
WINUSERAPI LRESULT WINAPI SendMessageTimeoutW(_In_ HWND hWnd, _In_ UINT Msg, _In_ WPARAM wParam,
                                              _In_ LPARAM lParam, _In_ UINT fuFlags,
                                              _In_ UINT uTimeout,
                                              _Out_opt_ PDWORD_PTR lpdwResult);
WINUSERAPI BOOL WINAPI SendNotifyMessageA(_In_ HWND hWnd, _In_ UINT Msg, _In_ WPARAM wParam,
                                          _In_ LPARAM lParam);
WINUSERAPI BOOL WINAPI SendNotifyMessageW(_In_ HWND hWnd, _In_ UINT Msg, _In_ WPARAM wParam,
                                          _In_ LPARAM lParam);
WINUSERAPI BOOL WINAPI InSendMessage(VOID);
WINUSERAPI VOID WINAPI PostQuitMessage(_In_ int nExitCode);
WINUSERAPI DWORD WINAPI GetQueueStatus(_In_ UINT flags);
WINUSERAPI DWORD WINAPI GetMessageTime(VOID);
WINUSERAPI UINT_PTR WINAPI SetTimer(_In_opt_ HWND hWnd, _In_ UINT_PTR nIDEvent, _In_ UINT uElapse,
                                    _In_opt_ TIMERPROC lpTimerFunc);
WINUSERAPI BOOL WINAPI KillTimer(_In_opt_ HWND hWnd, _In_ UINT_PTR uIDEvent);
WINUSERAPI DWORD WINAPI MsgWaitForMultipleObjects(_In_ DWORD nCount,
                                                  _In_reads_opt_(nCount) CONST HANDLE *pHandles,
                                                  _In_ BOOL fWaitAll, _In_ DWORD dwMilliseconds,
                                                  _In_ DWORD dwWakeMask);
WINUSERAPI DWORD WINAPI MsgWaitForMultipleObjectsEx(_In_ DWORD nCount,
                                                    _In_reads_opt_(nCount) CONST HANDLE *pHandles,
                                                    _In_ DWORD dwMilliseconds,
                                                    _In_ DWORD dwWakeMask, _In_ DWORD dwFlags);

/* Device notifications: WM_DEVICECHANGE to a window, SERVICE_CONTROL_DEVICEEVENT to a service's
 * HandlerEx. NotificationFilter is a DEV_BROADCAST_DEVICEINTERFACE_A/W or DEV_BROADCAST_HANDLE
 * (dbt.h). */
WINUSERAPI HDEVNOTIFY WINAPI RegisterDeviceNotificationA(_In_ HANDLE hRecipient,
                                                         _In_ LPVOID NotificationFilter,
                                                         _In_ DWORD Flags);
WINUSERAPI HDEVNOTIFY WINAPI RegisterDeviceNotificationW(_In_ HANDLE hRecipient,
                                                         _In_ LPVOID NotificationFilter,
                                                         _In_ DWORD Flags);
WINUSERAPI BOOL WINAPI UnregisterDeviceNotification(_In_ HDEVNOTIFY Handle);

EXTERN_C_END

#ifdef UNICODE
typedef WNDCLASSW WNDCLASS;
typedef PWNDCLASSW PWNDCLASS;
typedef LPWNDCLASSW LPWNDCLASS;
typedef WNDCLASSEXW WNDCLASSEX;
typedef PWNDCLASSEXW PWNDCLASSEX;
typedef LPWNDCLASSEXW LPWNDCLASSEX;
typedef CREATESTRUCTW CREATESTRUCT;
typedef LPCREATESTRUCTW LPCREATESTRUCT;
#define RegisterClass RegisterClassW
#define RegisterClassEx RegisterClassExW
#define UnregisterClass UnregisterClassW
#define GetClassInfoEx GetClassInfoExW
#define CreateWindowEx CreateWindowExW
#define CreateWindow CreateWindowW
#define DefWindowProc DefWindowProcW
#define CallWindowProc CallWindowProcW
#define GetWindowLongPtr GetWindowLongPtrW
#define SetWindowLongPtr SetWindowLongPtrW
#define GetWindowLong GetWindowLongW
#define SetWindowLong SetWindowLongW
#define GetMessage GetMessageW
#define PeekMessage PeekMessageW
#define DispatchMessage DispatchMessageW
#define PostMessage PostMessageW
#define PostThreadMessage PostThreadMessageW
#define SendMessage SendMessageW
#define SendMessageTimeout SendMessageTimeoutW
#define SendNotifyMessage SendNotifyMessageW
#define RegisterDeviceNotification RegisterDeviceNotificationW
#define MessageBox MessageBoxW
#define LoadIcon LoadIconW
#define LoadCursor LoadCursorW
#else
typedef WNDCLASSA WNDCLASS;
typedef PWNDCLASSA PWNDCLASS;
typedef LPWNDCLASSA LPWNDCLASS;
typedef WNDCLASSEXA WNDCLASSEX;
typedef PWNDCLASSEXA PWNDCLASSEX;
typedef LPWNDCLASSEXA LPWNDCLASSEX;
typedef CREATESTRUCTA CREATESTRUCT;
typedef LPCREATESTRUCTA LPCREATESTRUCT;
#define RegisterClass RegisterClassA
#define RegisterClassEx RegisterClassExA
#define UnregisterClass UnregisterClassA
#define GetClassInfoEx GetClassInfoExA
#define CreateWindowEx CreateWindowExA
#define CreateWindow CreateWindowA
#define DefWindowProc DefWindowProcA
#define CallWindowProc CallWindowProcA
#define GetWindowLongPtr GetWindowLongPtrA
#define SetWindowLongPtr SetWindowLongPtrA
#define GetWindowLong GetWindowLongA
#define SetWindowLong SetWindowLongA
#define GetMessage GetMessageA
#define PeekMessage PeekMessageA
#define DispatchMessage DispatchMessageA
#define PostMessage PostMessageA
#define PostThreadMessage PostThreadMessageA
#define SendMessage SendMessageA
#define SendMessageTimeout SendMessageTimeoutA
#define SendNotifyMessage SendNotifyMessageA
#define RegisterDeviceNotification RegisterDeviceNotificationA
#define MessageBox MessageBoxA
#define LoadIcon LoadIconA
#define LoadCursor LoadCursorA
#endif

#endif /* CMNOTIFY_WIN32_WINUSER_H */
