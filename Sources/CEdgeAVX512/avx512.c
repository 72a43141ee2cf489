#include "CEdgeAVX512.h"
