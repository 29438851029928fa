#ifndef CKEEPVIP_SHIM_H
#define CKEEPVIP_SHIM_H
#endif
